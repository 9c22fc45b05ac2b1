import { describe, expect, it } from 'vitest';
import { formatProgress, ProgressLine, RateMeter } from './progress-line.ts';

describe('formatProgress', () => {
  it('shows records, rate, each partition done/total, and a note', () => {
    expect(
      formatProgress({
        verb: 'recorded',
        records: 12_345,
        rate: 2340.4,
        partitions: [
          { label: 'orders/0', done: 1200n, total: 5000n },
          { label: 'orders/1', done: 800, total: 800 },
        ],
        note: '1/2 partitions done',
      }),
    ).toBe(
      'recorded 12,345 records · 2,340 rec/s · orders/0 1200/5000 orders/1 800/800 · 1/2 partitions done',
    );
  });

  it('lists at most 8 partitions and counts the rest', () => {
    const partitions = Array.from({ length: 11 }, (_, i) => ({
      label: `t/${i}`,
      done: 0,
      total: 1,
    }));
    expect(formatProgress({ verb: 'replayed', records: 0, rate: 0, partitions })).toBe(
      'replayed 0 records · 0 rec/s · t/0 0/1 t/1 0/1 t/2 0/1 t/3 0/1 t/4 0/1 t/5 0/1 t/6 0/1 t/7 0/1 +3 more',
    );
  });
});

describe('RateMeter', () => {
  it('measures records per second over the window', () => {
    const meter = new RateMeter(5000);
    expect(meter.sample(0, 0)).toBe(0);
    expect(meter.sample(1000, 1000)).toBe(1000);
    expect(meter.sample(3000, 2000)).toBe(1500);
    // Samples older than the newest one 5 s back drop out: (9000 − 3000) / (7 − 2) s.
    expect(meter.sample(9000, 7000)).toBe(1200);
  });
});

function fakeStream(isTTY: boolean): {
  isTTY: boolean;
  columns: number;
  written: string[];
  write(t: string): void;
} {
  return {
    isTTY,
    columns: 40,
    written: [],
    write(t: string) {
      this.written.push(t);
    },
  };
}

describe('ProgressLine', () => {
  it('on a terminal redraws one line in place, at most every 200 ms, cut to the width', () => {
    let now = 0;
    const stream = fakeStream(true);
    const line = new ProgressLine(stream, () => now);
    line.update({ verb: 'recorded', records: 10, partitions: [] });
    now = 100;
    line.update({ verb: 'recorded', records: 20, partitions: [] });
    now = 250;
    line.update({
      verb: 'recorded',
      records: 30,
      partitions: [{ label: 'a-long-topic-name/0', done: 1, total: 2 }],
    });
    line.log('a log line');
    line.done();
    expect(stream.written).toEqual([
      '\r\x1b[Krecorded 10 records · 0 rec/s',
      '\r\x1b[Krecorded 30 records · 120 rec/s · a-lo…',
      '\r\x1b[K',
      'a log line\n',
    ]);
  });

  it('elsewhere writes plain lines, at most every 5 s, and always when forced', () => {
    let now = 0;
    const stream = fakeStream(false);
    const line = new ProgressLine(stream, () => now);
    line.update({ verb: 'replayed', records: 1, partitions: [] });
    now = 4000;
    line.update({ verb: 'replayed', records: 2, partitions: [] });
    line.update({ verb: 'replayed', records: 3, partitions: [] }, true);
    line.done();
    expect(stream.written).toEqual([
      'replayed 1 records · 0 rec/s\n',
      'replayed 3 records · 1 rec/s\n',
    ]);
  });
});
