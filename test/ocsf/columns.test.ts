import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { column, Columns } from '../../lambda/ocsf/common/columns.ts';

/** A row of `count` columns named `<prefix>0`, `<prefix>1`, …, each holding its own name. */
function wideRow(prefix: string, count: number): Record<string, unknown> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, `${prefix}${i}`]));
}

describe('Columns: what a mapper took, and what is left for unmapped', () => {
  test('taken columns leave unmapped; empty ones never reach it; unconvertible ones stay raw', () => {
    const columns = new Columns({ Name: 'a', Port: 'not a port', Empty: '', Missing: null, Extra: 7 });
    assert.equal(columns.text('Name'), 'a');
    assert.equal(columns.port('Port'), undefined);
    assert.equal(columns.text('Empty'), undefined);
    assert.deepEqual(columns.leftovers(), { Port: 'not a port', Extra: 7 });
    assert.deepEqual(columns.coverage(), { typed: 1, unmapped: 2 });
  });

  test('nested JSON objects keep their own leftovers under the column name', () => {
    const columns = new Columns({ AdditionalFields: '{"direction":"In","extra":1}', Other: 'x' });
    assert.equal(columns.object('AdditionalFields')?.text('direction'), 'In');
    assert.deepEqual(columns.leftovers(), { AdditionalFields: { extra: 1 }, Other: 'x' });
  });

  test('a key named __proto__ is kept as a member, not a prototype', () => {
    const columns = new Columns(JSON.parse('{"__proto__":"p","Name":"n"}') as Record<string, unknown>);
    columns.text('Name');
    const rest = columns.leftovers()!;
    assert.deepEqual(Object.keys(rest), ['__proto__']);
    assert.equal(Object.getPrototypeOf(rest), Object.prototype);
  });

  test("a table's rows leave the same leftovers whatever order and set of columns each one lists", () => {
    let seed = 11;
    // Park and Miller's minimal standard generator (exact in doubles), scaled by its high bits.
    const next = (below: number) => Math.floor(((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647) * below);
    const names = Array.from({ length: 14 }, (_, i) => `Column${i}`);
    const fieldNames = ['direction', 'uid', 'extra', 'count'];
    for (let i = 0; i < 400; i++) {
      // Every column listed, empty or not, mostly in the table's usual order; now and then a
      // shuffled order, a column left out, or one never seen before.
      const listed = next(10) === 0 ? names.filter(() => next(4) > 0) : [...names];
      if (next(8) === 0) listed.sort(() => next(3) - 1);
      if (next(20) === 0) listed.splice(next(listed.length), 0, `Rare${i}`);
      const properties: Record<string, unknown> = {};
      for (const name of listed) properties[name] = next(6) === 0 ? (next(2) ? '' : null) : `${name}=${i}`;
      if (next(2) === 0) properties.AdditionalFields = JSON.stringify(Object.fromEntries(fieldNames.filter(() => next(3) > 0).map((f) => [f, i])));
      const taken = listed.filter(() => next(2) === 0);
      const fieldsTaken = fieldNames.filter(() => next(2) === 0);
      const read = (columns: Columns) => {
        columns.take(...taken);
        const fields = next(4) > 0 ? columns.object('AdditionalFields') : undefined;
        fields?.take(...fieldsTaken);
        return columns.leftovers();
      };
      const state = seed;
      const byPosition = read(Columns.of({ table: 'PositionsTable', tenantId: 't', properties }));
      seed = state;
      const byName = read(new Columns(properties));
      assert.deepEqual(byPosition, byName, `row ${i}: ${JSON.stringify(properties)}`);
    }
  });

  test('past the names that get a bit, columns are tracked in a Set, just as exactly', () => {
    // Far more distinct names than the 512 bits: the later ones take the slower path.
    const first = new Columns(wideRow('Early', 1200));
    for (let i = 0; i < 1200; i += 2) first.take(`Early${i}`);
    assert.deepEqual(Object.keys(first.leftovers()!), Array.from({ length: 600 }, (_, i) => `Early${2 * i + 1}`));

    const late = new Columns({ ...wideRow('Late', 3), Early0: 'bit' });
    late.take('Late0', 'Early0');
    assert.deepEqual(late.leftovers(), { Late1: 'Late1', Late2: 'Late2' });
    late.take(column('Late1'));
    assert.deepEqual(late.leftovers(), { Late2: 'Late2' });
    assert.deepEqual(new Columns(wideRow('Late', 3)).leftovers(), wideRow('Late', 3));
  });

  test('two Columns over rows that share column names track them apart', () => {
    const a = new Columns({ Name: 'a', Size: 1 });
    const b = new Columns({ Name: 'b', Size: 2 });
    a.text('Name');
    b.int('Size');
    assert.deepEqual(a.leftovers(), { Size: 1 });
    assert.deepEqual(b.leftovers(), { Name: 'b' });
  });

  test('a Column made once reads and marks exactly as its name does', () => {
    const row = { Name: 'a', Port: '443', Bad: 'x', Path: 'C:\\a', Json: '{"k":1,"j":2}', Empty: '' };
    const byName = new Columns(row);
    const byColumn = new Columns(row);
    for (const [columns, name] of [[byName, (n: string) => n], [byColumn, column]] as const) {
      assert.equal(columns.text(name('Name')), 'a');
      assert.equal(columns.port(name('Port')), 443);
      assert.equal(columns.int(name('Bad')), undefined);
      assert.equal(columns.value(name('Path')), 'C:\\a');
      assert.equal(columns.has(name('Empty')), false);
      assert.equal(columns.object(name('Json'))?.int('k'), 1);
    }
    assert.deepEqual(byColumn.leftovers(), byName.leftovers());
    assert.deepEqual(byColumn.leftovers(), { Bad: 'x', Path: 'C:\\a', Json: { j: 2 } });
    assert.equal(column('Name'), column('Name'));
  });

  test('a Column reads any name, quotes, backslashes and line separators included', () => {
    const names = ['say "hi"', 'back\\slash', 'line\u2028sep', "it's", '${x}', '0', '__proto__'];
    const row: Record<string, unknown> = {};
    for (const name of names) Object.defineProperty(row, name, { value: `value of ${name}`, enumerable: true });
    const columns = new Columns(row);
    for (const name of names) assert.equal(columns.text(column(name)), `value of ${name}`, name);
    assert.equal(columns.leftovers(), undefined);
  });
});
