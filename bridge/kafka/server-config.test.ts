import { describe, expect, it } from 'vitest';
import { newClusterId, serverProperties } from './server-config.ts';

describe('serverProperties', () => {
  const text = serverProperties({
    host: '127.0.0.1',
    port: 9092,
    controllerPort: 40001,
    logDirs: '/data/logs',
  });
  const props = new Map(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  it('describes one combined broker+controller with a static single-voter quorum', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('node.id')).toBe('1');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:40001');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:40001');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:9092');
    expect(props.get('log.dirs')).toBe('/data/logs');
  });

  it('sets every internal topic to replication factor 1 so a single node can create them', () => {
    expect(props.get('offsets.topic.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.min.isr')).toBe('1');
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
  });

  it('escapes backslashes in paths, which Java properties read as escapes', () => {
    const windows = serverProperties({
      host: '127.0.0.1',
      port: 1,
      controllerPort: 2,
      logDirs: 'C:\\kafka\\logs',
    });
    expect(windows).toContain('log.dirs=C:\\\\kafka\\\\logs\n');
  });
});

describe('newClusterId', () => {
  it('never starts with "-", which the storage tool would parse as an option', () => {
    for (let i = 0; i < 2000; i++) expect(newClusterId().startsWith('-')).toBe(false);
  });

  it('is 22 URL-safe base64 characters (16 bytes) and differs per call', () => {
    const id = newClusterId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    expect(newClusterId()).not.toBe(id);
  });
});
