// What a file's place in a known layout says: its node, component and pod.
//   talosctl support:   <node>/service-logs/<svc>.log, <node>/kubernetes-logs/<ns>/<container>.log, <node>/processes …
//   cluster-info dump:  <ns>/<pod>/logs.txt
//   anything else:      parent folder names, resolved against known nodes later.
import { componentFromName } from './component.js';

export interface LayoutHints {
  node?: string;
  /** Parent folder names, nearest first, to try as node names once nodes are known. */
  nodeCandidates: string[];
  component?: string;
  pod?: string;
}

export function layoutHints(rel: string, rootName: string): LayoutHints {
  const parts = rel.split('/');
  const file = parts[parts.length - 1];
  const dirs = parts.slice(0, -1);
  const hints: LayoutHints = { nodeCandidates: [...dirs].reverse().concat(rootName ? [rootName] : []) };
  const svc = dirs.lastIndexOf('service-logs');
  const kl = dirs.lastIndexOf('kubernetes-logs');
  const stem = file.replace(/\.(log|txt|state)$/, '').replace(/-exited$/, '');
  if (svc >= 0) {
    hints.node = svc > 0 ? dirs[svc - 1] : rootName || undefined;
    hints.component = componentFromName(stem) ?? stem;
  } else if (kl >= 0) {
    hints.node = kl > 0 ? dirs[kl - 1] : rootName || undefined;
    const rest = dirs.slice(kl + 1);
    hints.component = componentFromName(stem) ?? componentFromName(rest[rest.length - 1]);
    if (rest.length >= 2) hints.pod = `${rest[0]}/${rest[1]}`;
  } else if (file === 'logs.txt' && dirs.length >= 2) {
    hints.pod = `${dirs[dirs.length - 2]}/${dirs[dirs.length - 1]}`;
    hints.component = componentFromName(dirs[dirs.length - 1]);
  } else if (['processes', 'io', 'dmesg.log', 'mounts', 'devices', 'summary', 'controller-runtime.log'].includes(file) && dirs.length >= 1) {
    hints.node = dirs[dirs.length - 1];
    if (file === 'dmesg.log') hints.component = 'kernel';
    if (file === 'controller-runtime.log') hints.component = 'machined';
  } else {
    hints.component = componentFromName(stem);
  }
  return hints;
}
