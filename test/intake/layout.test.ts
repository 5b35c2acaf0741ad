import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { componentFromName, isCombined } from '../../src/intake/component.js';
import { layoutHints } from '../../src/intake/layout.js';

describe('layoutHints: talosctl support bundle', () => {
  it('takes node and service from <node>/service-logs/<svc>.log', () => {
    assert.deepEqual(layoutHints('10.20.0.14/service-logs/etcd.log', ''), { node: '10.20.0.14', component: 'etcd', nodeCandidates: ['service-logs', '10.20.0.14'] });
    assert.equal(layoutHints('talos02/service-logs/kubelet.log', '').component, 'kubelet');
    assert.equal(layoutHints('talos02/service-logs/cri.log', '').component, 'containerd');
    assert.equal(layoutHints('talos02/service-logs/apid.log', '').component, 'apid');
  });

  it('takes node and container from <node>/kubernetes-logs/kube-system/<container>[-exited].log', () => {
    const h = layoutHints('10.20.0.15/kubernetes-logs/kube-system/kube-scheduler-exited.log', '');
    assert.equal(h.node, '10.20.0.15');
    assert.equal(h.component, 'kube-scheduler');
    assert.equal(h.pod, undefined);
    assert.equal(layoutHints('10.20.0.15/kubernetes-logs/kube-system/kube-apiserver.log', '').component, 'kube-apiserver');
  });

  it('takes the node from per-node files, and from the unpacked folder\'s name when the bundle is one node', () => {
    assert.equal(layoutHints('talos02/processes', '').node, 'talos02');
    assert.equal(layoutHints('talos02/io', '').node, 'talos02');
    assert.deepEqual([layoutHints('talos02/dmesg.log', '').node, layoutHints('talos02/dmesg.log', '').component], ['talos02', 'kernel']);
    assert.equal(layoutHints('service-logs/etcd.log', 'talos03').node, 'talos03');
  });
});

describe('layoutHints: kubectl cluster-info dump and loose files', () => {
  it('takes the pod from <ns>/<pod>/logs.txt', () => {
    const h = layoutHints('kube-system/kube-apiserver-talos01/logs.txt', 'dump');
    assert.equal(h.pod, 'kube-system/kube-apiserver-talos01');
    assert.equal(h.component, 'kube-apiserver');
    assert.equal(h.node, undefined);
    assert.deepEqual(h.nodeCandidates, ['kube-apiserver-talos01', 'kube-system', 'dump']);
  });

  it('takes a component from a loose file name and node candidates from its folders', () => {
    const h = layoutHints('incident/talos02/etcd-talos02.log', 'evidence');
    assert.equal(h.component, 'etcd');
    assert.equal(h.node, undefined);
    assert.deepEqual(h.nodeCandidates, ['talos02', 'incident', 'evidence']);
    assert.equal(layoutHints('notes.txt', '').component, undefined);
  });
});

describe('componentFromName', () => {
  it('maps container, file and process names', () => {
    assert.equal(componentFromName('kube-apiserver-talos02'), 'kube-apiserver');
    assert.equal(componentFromName('cloud-controller-manager'), 'kube-controller-manager');
    assert.equal(componentFromName('calico-node'), 'cni');
    assert.equal(componentFromName('containerd'), 'containerd');
    assert.equal(componentFromName('k3s'), 'k3s');
    assert.equal(componentFromName('nginx'), undefined);
    assert.equal(componentFromName(undefined), undefined);
    assert.equal(isCombined('k3s'), true);
    assert.equal(isCombined('etcd'), false);
  });
});
