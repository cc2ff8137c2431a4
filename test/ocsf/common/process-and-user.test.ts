import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Columns } from '../../../lambda/ocsf/common/columns.ts';
import { CREATED_PROCESS, processOf } from '../../../lambda/ocsf/common/process.ts';
import { accountColumns, userOf } from '../../../lambda/ocsf/common/user.ts';

/** As the record is sent: `compact` leaves undefined members, which JSON omits. */
const sent = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('processOf and userOf: objects OCSF requires an id of', () => {
  test('a process without pid or uid takes nothing: its columns, account included, stay raw', () => {
    const row = { FileName: 'a.exe', FolderPath: 'C:\\a.exe', ProcessCommandLine: 'a.exe /x', AccountName: 'jdoe', ProcessId: 'none' };
    const columns = new Columns(row);
    assert.equal(processOf(columns, CREATED_PROCESS), undefined);
    assert.deepEqual(columns.leftovers(), row);
  });

  test('a process with only its unique id is kept, with what else it has', () => {
    const columns = new Columns({ ProcessUniqueId: '42', FileName: 'a.exe', AccountName: 'jdoe', Other: 1 });
    assert.deepEqual(sent(processOf(columns, CREATED_PROCESS)), {
      uid: '42',
      name: 'a.exe',
      file: { name: 'a.exe', type_id: 1, type: 'Regular File' },
      user: { name: 'jdoe' },
    });
    assert.deepEqual(columns.leftovers(), { Other: 1 });
  });

  test('a user without name, SID or an email UPN takes nothing; an email UPN alone names the user', () => {
    const domainOnly = new Columns({ AccountDomain: 'corp', AccountUpn: 'not an address' });
    assert.equal(userOf(domainOnly, accountColumns()), undefined);
    assert.deepEqual(domainOnly.leftovers(), { AccountDomain: 'corp', AccountUpn: 'not an address' });

    const upnOnly = new Columns({ AccountUpn: 'jdoe@corp.example.com', AccountDomain: 'corp' });
    assert.deepEqual(sent(userOf(upnOnly, accountColumns())), { name: 'jdoe@corp.example.com', domain: 'corp', email_addr: 'jdoe@corp.example.com' });
    assert.equal(upnOnly.leftovers(), undefined);
  });
});
