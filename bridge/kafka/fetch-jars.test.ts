import { describe, expect, it } from 'vitest';
import { fetchKafkaJars, kafkaRuntimePom } from './fetch-jars.ts';

describe('kafkaRuntimePom', () => {
  it('depends on kafka_2.13 at the requested version plus a Log4j 2 SLF4J 1.x binding', () => {
    const pom = kafkaRuntimePom('4.3.1');
    expect(pom).toContain(
      '<groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>4.3.1</version>',
    );
    expect(pom).toContain('<artifactId>log4j-slf4j-impl</artifactId>');
    expect(pom).toContain('<packaging>pom</packaging>');
  });
});

describe('fetchKafkaJars', () => {
  it('rejects a version that is not x.y.z before touching Maven', async () => {
    await expect(fetchKafkaJars({ version: '4.3' })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: 'invalid Kafka version: 4.3 (want x.y.z)',
    });
  });
});
