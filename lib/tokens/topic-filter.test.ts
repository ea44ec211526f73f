// The plugin's topic-filter parser, on the vectors of its own tests (mosquitto-jwt-auth 0.4.0,
// src/topic_utils.rs, with wildcards allowed as for publ/subs) and on lines measured on the real
// plugin by scripts/check-real-plugin.
import { describe, expect, it } from 'vitest'
import { topicFilterError } from './topic-filter'

describe('topic filters as the plugin parses publ and subs', () => {
  it('its own valid vectors parse: "/+/abc/123/#", "#", "test/#"', () => {
    expect(['/+/abc/123/#', '#', 'test/#'].map(topicFilterError)).toEqual([null, null, null])
  })
  it('"abc/ab/#/cd" is TopicAfterMultiLevelWildcard (its should_panic vector)', () => {
    expect(topicFilterError('abc/ab/#/cd')?.kind).toBe('TopicAfterMultiLevelWildcard')
  })
  it('"abc/ab+cd" and "abc/ab#cd" are InvalidTopicName of the last level (its should_panic vectors)', () => {
    expect([topicFilterError('abc/ab+cd'), topicFilterError('abc/ab#cd')]).toEqual([
      { kind: 'InvalidTopicName', level: 'ab+cd' },
      { kind: 'InvalidTopicName', level: 'ab#cd' }
    ])
  })
  it('a level keeps its "/": "a+/b" is InvalidTopicName("a+/"), as the real plugin logs it', () => {
    expect(topicFilterError('a+/b')).toEqual({ kind: 'InvalidTopicName', level: 'a+/' })
  })
  it('a level only starting with "+" or "#" is a wildcard: "a/+x/#y" parses, "#x/y" does not', () => {
    expect([topicFilterError('a/+x/#y'), topicFilterError('#x/y')?.kind]).toEqual([null, 'TopicAfterMultiLevelWildcard'])
  })
  it('empty levels and an empty filter parse: "", "/", "a//b", "a/b/"', () => {
    expect(['', '/', 'a//b', 'a/b/'].map(topicFilterError)).toEqual([null, null, null, null])
  })
})
