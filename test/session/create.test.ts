import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import {
  SessionEditError,
  appendEliminated,
  appendEvidence,
  checkSession,
  createSession,
  frontMatterValue,
  parseSession,
  sectionValue,
  setResolution,
  setStatus,
  writeSession,
} from '../../src/session/index.js';

const EXPECTED = `---
status: gathering
trigger: "Pods on talos02 stuck in \\"ContainerCreating\\""
created: 2026-02-22T00:00:00Z
updated: 2026-02-22T00:00:00Z
---

## Current Focus

hypothesis: kubelet on talos02 cannot reach the apiserver
test: talosctl -n 10.20.0.15 logs kubelet | grep -i timeout
expecting: token fetch timeouts
next_action: talosctl -n 10.20.0.15 logs kubelet

## Symptoms

expected: pods start
actual: pods stay in ContainerCreating
errors: |
  MountVolume.SetUp failed for volume "kube-api-access-x"
  context deadline exceeded
reproduction: schedule a pod to talos02
started: when talos02 joined

## Eliminated

## Evidence

## Resolution

root_cause:
fix:
verification:
files_changed: []
`;

const input = {
  trigger: 'Pods on talos02 stuck in "ContainerCreating"',
  created: new Date('2026-02-22T00:00:00.000Z'),
  currentFocus: {
    hypothesis: 'kubelet on talos02 cannot reach the apiserver',
    test: 'talosctl -n 10.20.0.15 logs kubelet | grep -i timeout',
    expecting: 'token fetch timeouts',
    next_action: 'talosctl -n 10.20.0.15 logs kubelet',
  },
  symptoms: {
    expected: 'pods start',
    actual: 'pods stay in ContainerCreating',
    errors: 'MountVolume.SetUp failed for volume "kube-api-access-x"\ncontext deadline exceeded',
    reproduction: 'schedule a pod to talos02',
    started: 'when talos02 joined',
  },
};

describe('session create', () => {
  it('renders a new document in the reference style', () => {
    assert.equal(writeSession(createSession(input)), EXPECTED);
  });

  it('is stable: create → write → parse → write', () => {
    const text = writeSession(createSession(input));
    const doc = parseSession(text);
    assert.equal(writeSession(doc), text);
    assert.equal(frontMatterValue(doc, 'trigger'), input.trigger);
    assert.equal(sectionValue(doc, 'Symptoms', 'errors'), input.symptoms.errors);
    for (const [k, v] of Object.entries(input.currentFocus)) assert.equal(sectionValue(doc, 'Current Focus', k), v);
  });

  it('passes check, and its front matter is valid YAML', () => {
    const text = writeSession(createSession(input));
    assert.deepEqual(checkSession(text), []);
    const fm = YAML.parse(text.split('---\n')[1]);
    assert.deepEqual(fm, {
      status: 'gathering',
      trigger: input.trigger,
      created: '2026-02-22T00:00:00Z',
      updated: '2026-02-22T00:00:00Z',
    });
  });

  it('escapes quotes, backslashes and line breaks in the trigger', () => {
    const trigger = 'say "hi" \\ then\nnew line';
    const text = writeSession(createSession({ trigger, created: '2026-02-22T00:00:00Z' }));
    assert.ok(text.includes('trigger: "say \\"hi\\" \\\\ then\\nnew line"\n'));
    assert.equal(frontMatterValue(parseSession(text), 'trigger'), trigger);
    assert.equal(YAML.parse(text.split('---\n')[1]).trigger, trigger);
  });

  it('supports CRLF output', () => {
    const text = writeSession(createSession({ ...input, eol: '\r\n' }));
    assert.equal(text, EXPECTED.replace(/\n/g, '\r\n'));
    assert.equal(writeSession(parseSession(text)), text);
  });

  it('rejects an unknown status and a bad timestamp', () => {
    assert.throws(() => createSession({ ...input, status: 'done' as never }), SessionEditError);
    assert.throws(() => createSession({ ...input, created: '22/02/2026' }), SessionEditError);
  });

  it('goes through a whole lifecycle and stays valid', () => {
    let doc = createSession(input);
    doc = appendEliminated(doc, { hypothesis: 'containerd broken', evidence: 'containerd logs clean', timestamp: '2026-02-22T01:00:00Z' }).doc;
    doc = appendEvidence(doc, {
      timestamp: '2026-02-22T01:05:00Z',
      checked: 'kubelet logs on talos02 (talosctl logs kubelet)',
      found: 'failed to fetch token: Timeout',
      implication: 'the SA token mount blocks pod start',
    }).doc;
    doc = appendEvidence(doc, {
      timestamp: '2026-02-22T01:10:00Z',
      checked: 'etcd logs on talos02',
      found: 'apply request took too long (144ms–960ms)',
      implication: 'etcd is slow',
    }).doc;
    doc = setResolution(doc, { root_cause: 'etcd fragmentation', fix: 'talosctl etcd defrag', verification: '✅ pods Running' }).doc;
    doc = setStatus(doc, 'resolved', '2026-02-22T02:00:00Z').doc;
    const text = writeSession(doc);
    assert.deepEqual(checkSession(text), []);
    assert.equal(writeSession(parseSession(text)), text);
    assert.ok(
      text.includes(
        '## Eliminated\n\n- hypothesis: containerd broken\n  evidence: containerd logs clean\n  timestamp: 2026-02-22T01:00:00Z\n\n## Evidence\n\n- timestamp: 2026-02-22T01:05:00Z\n',
      ),
    );
    assert.ok(text.includes('  implication: the SA token mount blocks pod start\n\n- timestamp: 2026-02-22T01:10:00Z\n'));
    assert.ok(text.includes('  implication: etcd is slow\n\n## Resolution\n'));
  });
});
