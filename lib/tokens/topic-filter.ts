// The plugin's own topic-filter parser (mosquitto-jwt-auth 0.4.0, src/topic_utils.rs,
// parse_topic_path with wildcards allowed), which it runs on every publ and subs entry after the
// sub check. Levels are cut after each "/" (the "/" stays in the level); a level starting with
// "#" that is not the last is TopicAfterMultiLevelWildcard; a level starting with "+" or "#" is a
// wildcard whatever follows; any other level holding "+" or "#" is InvalidTopicName(level).
export type TopicFilterError = { kind: 'TopicAfterMultiLevelWildcard'; level: string } | { kind: 'InvalidTopicName'; level: string }

function levelError(level: string): TopicFilterError | 'multi' | null {
  const first = level[0]
  if (first === '#') return 'multi'
  if (first === '+') return null
  return /[+#]/.test(level) ? { kind: 'InvalidTopicName', level } : null
}

export function topicFilterError(filter: string): TopicFilterError | null {
  let last = 0
  for (let i = filter.indexOf('/'); i >= 0; i = filter.indexOf('/', i + 1)) {
    const end = i + 1
    if (end >= filter.length) break
    const level = filter.slice(last, end)
    last = end
    const e = levelError(level)
    if (e === 'multi') return { kind: 'TopicAfterMultiLevelWildcard', level }
    if (e) return e
  }
  if (last < filter.length) {
    const e = levelError(filter.slice(last))
    if (e && e !== 'multi') return e
  }
  return null
}
