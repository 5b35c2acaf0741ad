// etcdctl's tablewriter wraps a long ERRORS cell onto continuation rows whose other cells are empty.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEtcdctlStatusTable } from '../../src/parse/etcd-status.js';

const TABLE = `+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+
|        ENDPOINT        |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX |             ERRORS             |
+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+
| https://10.0.0.11:2379 | 8e9e05c52164694d |  3.5.9  |  2.1 GB |      true |      false |        12 |    9823411 |            9823411 |  memberID:10276657743932975437 |
|                        |                  |         |         |           |            |           |            |                    |                 alarm:NOSPACE  |
| https://10.0.0.12:2379 | 91bc3c398fb3c146 |  3.5.9  |  2.1 GB |     false |      false |        12 |    9823411 |            9823411 |                                |
+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+`;

describe('etcdctl endpoint status table with wrapped cells', () => {
  const ref = (line: number, excerpt: string) => ({ source: 't', line, excerpt });
  const members = parseEtcdctlStatusTable(TABLE.split('\n'), ref);

  it('keeps one member per endpoint', () => {
    assert.deepEqual(members.map((m) => m.id), ['8e9e05c52164694d', '91bc3c398fb3c146']);
  });

  it('joins the wrapped error text into its member', () => {
    assert.deepEqual(members[0].errors, ['memberID:10276657743932975437 alarm:NOSPACE']);
    assert.deepEqual(members[1].errors, []);
    assert.equal(members[0].ref.line, 4);
  });
});
