import { afterEach, describe, expect, it } from 'vitest';
import { setLogSink } from '../../functions/shared/log';
import { withUndo } from '../../functions/shared/undo';

afterEach(() => setLogSink((line) => process.stdout.write(`${line}\n`), 'warn'));

describe('withUndo', () => {
  it('gives back what the writes return when they all succeed, undoing nothing', async () => {
    const done: string[] = [];

    const result = await withUndo(async (undo) => {
      done.push('a');
      undo.push(async () => void done.push('undo a'));
      return 'ok';
    });

    expect({ result, done }).toEqual({ result: 'ok', done: ['a'] });
  });

  it('undoes the steps recorded so far, newest first, then throws the failure', async () => {
    const done: string[] = [];
    const failure = new Error('store down');

    const run = withUndo(async (undo) => {
      undo.push(async () => void done.push('undo receipt'));
      undo.push(async () => void done.push('undo record'));
      throw failure;
    });

    await expect(run).rejects.toBe(failure);
    expect(done).toEqual(['undo record', 'undo receipt']);
  });

  it('still runs the other undo steps when one fails, and logs it by name only', async () => {
    const done: string[] = [];
    const logged: string[] = [];
    setLogSink((line) => logged.push(line), 'debug');

    const run = withUndo(async (undo) => {
      undo.push(async () => void done.push('undo first'));
      undo.push(async () => {
        throw Object.assign(new Error('secret text 0912345678'), { name: 'ThrottlingException' });
      });
      throw new Error('write failed');
    });

    await expect(run).rejects.toThrow('write failed');
    expect(done).toEqual(['undo first']);
    expect(logged.map((line) => JSON.parse(line))).toEqual([
      {
        level: 'error',
        time: expect.any(String),
        message: 'could not undo a partial write',
        error: 'ThrottlingException',
      },
    ]);
  });
});
