import { describe, expect, it } from 'vitest';
import { StatusBoard } from '../../src/cli/internal/status-board.js';

function capture(isTty: boolean, columns?: number) {
  let out = '';
  const io = { cwd: '/', isTty, ...(columns === undefined ? {} : { columns }), stdout: (t: string) => void (out += t), stderr: () => undefined };
  return { io, out: () => out };
}

describe('StatusBoard', () => {
  it('prints one line per change when stdout is not a terminal, skipping repeats', () => {
    const c = capture(false);
    const board = new StatusBoard(c.io);
    board.set('a.csv', 'started');
    board.set('a.csv', 'started');
    board.log('  [sns] sent');
    board.set('a.csv', 'done');
    expect(c.out()).toBe('a.csv  started\n  [sns] sent\na.csv  done\n');
  });

  it('on a terminal redraws its block in place, keeps log lines above it and cuts lines to the width', () => {
    const c = capture(true, 20);
    const board = new StatusBoard(c.io);
    board.set('a.csv', 'started');
    board.set('bb.csv', 'a status far too long for twenty columns');
    board.log('log line');
    expect(c.out()).toBe(
      'a.csv  started\n' +
        '\u001b[1F\u001b[0Ja.csv   started\nbb.csv  a status f…\n' +
        '\u001b[2F\u001b[0Jlog line\na.csv   started\nbb.csv  a status f…\n',
    );
  });
});
