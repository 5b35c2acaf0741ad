// Redaction rules, one by one, and what they must leave alone (the lines the signal catalogue reads).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCredentialName, Redactor } from '../../../src/collect/bundle/redact.js';
import { CANARY, CANARY_JWT, CANARY_PEM } from '../kube/fixtures.js';

const text = (t: string): string => new Redactor().text(t);
const obj = <T>(o: T): T => new Redactor().object(o);

describe('isCredentialName', () => {
  it('names credentials, not pointers to them', () => {
    for (const n of ['password', 'DB_PASSWORD', 'POSTGRES_PASSWORD', '--password', 'token', 'apiKey', 'api_key', 'client_secret', 'secret', 'client-key-data', 'aescbcEncryptionSecret', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', '--oidc-client-secret']) {
      assert.equal(isCredentialName(n), true, n);
    }
    for (const n of ['secretName', 'tokenFile', '--token-auth-file', '--service-account-key-file', 'passwordRef', 'PWD', 'name', 'message', 'tokenExpirationSeconds', 'secretRef', 'audiences', 'token-ttl']) {
      assert.equal(isCredentialName(n), false, n);
    }
  });
});

describe('Redactor.text', () => {
  it('keeps the lines diagnoses are made of', () => {
    const lines = [
      'MountVolume.SetUp failed for volume "kube-api-access-9xk2p" : failed to fetch token: Timeout: request did not complete within requested timeout - context deadline exceeded',
      'E0222 10:09:00.000123       1 token_manager.go:121] "Couldn\'t update token" err="failed to fetch token: context deadline exceeded" cacheKey="\\"default\\"/\\"shop\\"/[]string(nil)/3607/v1.BoundObjectReference{Kind:\\"Pod\\"}"',
      '{"level":"warn","ts":"2024-04-22T17:18:03.213763+0800","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"3.000607371s","expected-duration":"100ms","prefix":"read-only range ","request":"key:\\"/cs/leader\\" ","response":"","error":"context deadline exceeded"}',
      '10.20.0.15   9b3d7e1f4a6c8052   87 MB     56 MB (64.36%)   25e10c575a763da7   187625774    195',
      '/usr/local/bin/kube-apiserver --service-account-key-file=/etc/kubernetes/pki/sa.pub --token-auth-file=/etc/kubernetes/tokens.csv --secure-port=6443',
      'automountServiceAccountToken: true',
      '      secretName: rook-ceph-mon',
      '{"ts":1771750800.1234567,"msg":"ok"}',
    ];
    for (const l of lines) assert.equal(text(l), l);
  });

  it('redacts private keys, whole PEM blocks and base64-encoded ones', () => {
    const out = text(`before\n${CANARY_PEM}\nafter`);
    assert.doesNotMatch(out, new RegExp(CANARY));
    assert.match(out, /^before\n-----BEGIN EC PRIVATE KEY-----\[REDACTED\]\n\[REDACTED\]\n\[REDACTED\]\n-----END EC PRIVATE KEY-----\nafter$/);
    const escaped = text(JSON.stringify({ key: `x ${CANARY_PEM} y` }));
    assert.doesNotMatch(escaped, new RegExp(CANARY));
    const b64 = Buffer.from(CANARY_PEM).toString('base64');
    assert.equal(text(`    client-key-data: ${b64}`), '    client-key-data: [REDACTED]');
    assert.equal(text(`ca: ${b64}`), 'ca: [REDACTED]');
    const cert = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBexample\n-----END CERTIFICATE-----\n').toString('base64');
    assert.equal(text(`certificate-authority-data: ${cert}`), `certificate-authority-data: ${cert}`);
  });

  it('redacts JWTs, bearer tokens and Authorization headers', () => {
    assert.equal(text(`token=${CANARY_JWT}`), 'token=[REDACTED]');
    assert.equal(text(`pulled with token ${CANARY_JWT}.`), 'pulled with token [REDACTED].');
    assert.equal(text('Authorization: Bearer abcdefghijklmnop0123'), 'Authorization: Bearer [REDACTED]');
    assert.equal(text('curl -H "Authorization: Basic dXNlcjpwYXNz" https://x'), 'curl -H "Authorization: Basic [REDACTED]" https://x');
    assert.equal(text('sent Bearer sk_live_0123456789abcdef'), 'sent Bearer [REDACTED]');
    assert.equal(text('invalid bearer token'), 'invalid bearer token');
  });

  it('redacts credential values in flags, env, JSON, YAML and URLs', () => {
    assert.equal(text('app --password=hunter2 --port=80'), 'app --password=[REDACTED] --port=80');
    assert.equal(text('app --token hunter2 --port 80'), 'app --token [REDACTED] --port 80');
    assert.equal(text('env DB_PASSWORD=hunter2 HOME=/root'), 'env DB_PASSWORD=[REDACTED] HOME=/root');
    assert.equal(text('{"user":"app","password":"hun\\"ter2","n":1}'), '{"user":"app","password":"[REDACTED]","n":1}');
    assert.equal(text('["--password", "hunter2", "-v"]'), '["--password", "[REDACTED]", "-v"]');
    assert.equal(text('  password: hunter2'), '  password: [REDACTED]');
    assert.equal(text('- token: "abc"'), '- token: [REDACTED]');
    assert.equal(text('postgres://app:hunter2@db:5432/x'), 'postgres://app:[REDACTED]@db:5432/x');
    assert.equal(text('join with abcdef.0123456789abcdef now'), 'join with [REDACTED] now');
    assert.equal(text('key AKIAABCDEFGHIJKLMNOP'), 'key [REDACTED]');
  });

  it('redacts YAML env pairs, flag lists and block scalars across lines', () => {
    const yaml = ['env:', '- name: DB_PASSWORD', '  value: hunter2', '- name: MODE', '  value: fast', 'args:', '- --token', '- hunter3', '- --port', '- "80"', 'token: |', '  line1', '  line2', 'next: 1'].join('\n');
    assert.equal(
      text(yaml),
      ['env:', '- name: DB_PASSWORD', '  value: [REDACTED]', '- name: MODE', '  value: fast', 'args:', '- --token', '- [REDACTED]', '- --port', '- "80"', 'token: |', '  [REDACTED]', '  [REDACTED]', 'next: 1'].join('\n'),
    );
  });

  it('scrubs the data of Secret objects in YAML and JSON', () => {
    const yaml = `apiVersion: v1\ndata:\n  tls.key: ${Buffer.from(CANARY).toString('base64')}\n  other: eA==\nkind: Secret\nmetadata:\n  name: s\n`;
    const out = text(yaml);
    assert.doesNotMatch(out, new RegExp(Buffer.from(CANARY).toString('base64')));
    assert.match(out, /tls\.key: "?\[REDACTED\]"?/);
    assert.match(out, /name: s/);
    const json = JSON.stringify({ kind: 'List', items: [{ kind: 'Secret', metadata: { name: 's' }, data: { 'ca.crt': 'Y2FuYXJ5' } }] });
    assert.doesNotMatch(text(json), /Y2FuYXJ5/);
    const oneLine = `{"kind":"Secret","data":{"x.conf":"${CANARY}"}}`;
    assert.doesNotMatch(text(`applied: ${oneLine}`), new RegExp(CANARY));
  });
});

describe('Redactor.object', () => {
  it('redacts env entries, flag pairs, credential keys and JSON held in strings', () => {
    const pod = {
      metadata: {
        name: 'db-0',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ spec: { containers: [{ env: [{ name: 'POSTGRES_PASSWORD', value: CANARY }] }] } }) },
        managedFields: [{ manager: 'kubectl' }],
      },
      spec: {
        automountServiceAccountToken: true,
        volumes: [{ name: 'creds', secret: { secretName: 'db-credentials' } }],
        containers: [{
          name: 'db',
          args: ['--token', CANARY, '--password=x1', '--max-connections=200'],
          env: [{ name: 'POSTGRES_PASSWORD', value: CANARY }, { name: 'PGDATA', value: '/data' }, { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
        }],
      },
    };
    const out = obj(pod);
    const s = JSON.stringify(out);
    assert.doesNotMatch(s, new RegExp(CANARY));
    assert.doesNotMatch(s, /x1/);
    assert.equal(out.metadata.managedFields, undefined);
    assert.deepEqual(out.spec.containers[0].args, ['--token', '[REDACTED]', '--password=[REDACTED]', '--max-connections=200']);
    assert.deepEqual(out.spec.containers[0].env[1], { name: 'PGDATA', value: '/data' });
    assert.deepEqual(out.spec.containers[0].env[2], pod.spec.containers[0].env[2]);
    assert.equal(out.spec.automountServiceAccountToken, true);
    assert.equal(out.spec.volumes[0].secret.secretName, 'db-credentials');
    assert.equal(JSON.parse(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.containers[0].env[0].value, '[REDACTED]');
  });

  it('scrubs Secret data and counts what it redacted', () => {
    const r = new Redactor();
    const out = r.object({ kind: 'Secret', metadata: { name: 's' }, data: { a: 'eA==', b: 'eQ==' }, stringData: { c: 'z' } });
    assert.deepEqual(out.data, { a: '[REDACTED]', b: '[REDACTED]' });
    assert.deepEqual(out.stringData, { c: '[REDACTED]' });
    assert.equal(r.counts['secret-data'], 3);
    assert.equal(r.total(), 3);
  });
});
