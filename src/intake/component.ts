// A component name from a file, container or process name ("kube-apiserver-cp2", "cri", "kubelet[1234]").
const KNOWN: Array<[RegExp, string]> = [
  [/kube-apiserver/, 'kube-apiserver'],
  [/kube-scheduler/, 'kube-scheduler'],
  [/kube-controller-manager/, 'kube-controller-manager'],
  [/cloud-controller-manager/, 'kube-controller-manager'],
  [/kube-proxy/, 'kube-proxy'],
  [/metrics-server/, 'metrics-server'],
  [/coredns/, 'coredns'],
  [/cilium/, 'cilium'],
  [/calico|flannel|weave|kube-router/, 'cni'],
  [/etcd/, 'etcd'],
  [/kubelet/, 'kubelet'],
  [/^(cri|containerd|cri-o|crio)\b/, 'containerd'],
  [/dmesg|kernel|^kern$/, 'kernel'],
  [/^(k3s|rke2)/, 'k3s'],
];

export function componentFromName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  for (const [re, c] of KNOWN) if (re.test(n)) return c;
  return undefined;
}

/** Combined binaries whose streams mix several components: take the component from the signal. */
export function isCombined(component: string | undefined): boolean {
  return component === undefined || component === 'k3s';
}
