import { ReadyForQueryScanner } from './ready-for-query';

function message(type: string, payload: number[]): number[] {
  const length = payload.length + 4;
  return [
    type.charCodeAt(0),
    length >>> 24,
    (length >>> 16) & 255,
    (length >>> 8) & 255,
    length & 255,
    ...payload,
  ];
}

const text = (s: string) => [...Buffer.from(s), 0];
const dataRow = message('D', [0, 1, 0, 0, 0, 3, ...Buffer.from('ZZI')]);
const complete = message('C', text('SELECT 1'));
const ready = (status: string) => message('Z', [status.charCodeAt(0)]);

function scan(bytes: number[], cuts: number[]): ReadyForQueryScanner {
  const scanner = new ReadyForQueryScanner();
  let from = 0;
  for (const to of [...cuts, bytes.length]) {
    scanner.push(Uint8Array.from(bytes.slice(from, to)));
    from = to;
  }
  return scanner;
}

describe('reading whether the backend is ready for the next query', () => {
  it('reports the status of a ReadyForQuery that ends the answer, however the bytes are cut', () => {
    for (const status of ['I', 'T', 'E']) {
      const bytes = [...dataRow, ...complete, ...ready(status)];
      for (let a = 0; a <= bytes.length; a++)
        for (let b = a; b <= bytes.length; b += 3) expect(scan(bytes, [a, b]).readyStatus()).toBe(status);
    }
  });

  it('is not ready while the answer is incomplete or ends with another message', () => {
    const bytes = [...ready('I'), ...dataRow, ...complete];
    expect(scan(bytes, []).readyStatus()).toBeNull();
    const cutShort = [...complete, ...ready('I')].slice(0, -1);
    expect(scan(cutShort, [2]).readyStatus()).toBeNull();
  });

  it("does not mistake a data row's 'Z' bytes for a ReadyForQuery", () => {
    expect(scan([...ready('T'), ...dataRow], [1, 7]).readyStatus()).toBeNull();
  });

  it('is not ready for an exchange with no answer yet (Parse, Bind before their Sync)', () => {
    expect(scan([], []).readyStatus()).toBeNull();
  });
});
