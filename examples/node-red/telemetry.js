// Function node "Telemetry" (examples/node-red/flow.json): turns each reading into one JSON message
// for cpi/<plant>/telemetry, sent by the mqtt out node with QoS 1. While the connection is down (a
// token refresh, a dropped link) readings wait here and go out after the next connect: Node-RED's
// mqtt out node drops a message it gets while disconnected.
// In: msg.payload = a reading (the inject node stands in for your PLC), or the Voke connection
// node's { topic: "voke/connection", online, plantId }.
// Kept in the Voke docs as examples/node-red/telemetry.js; scripts/sync-node-red-flow.ts builds flow.json from it.

// #region telemetry
const held = context.get('held') || [] // readings waiting for a connection, oldest first
if (msg.topic === 'voke/connection') {
  context.set('online', msg.online)
  context.set('plantId', msg.plantId)
  if (!msg.online || held.length === 0) return null
  context.set('held', [])
  return [held.map((payload) => ({ topic: `cpi/${msg.plantId}/telemetry`, payload, qos: 1 }))]
}
const seq = (context.get('seq') || 0) + 1
context.set('seq', seq)
const payload = JSON.stringify({ seq, at: new Date().toISOString(), temperature: msg.payload })
if (!context.get('online')) {
  context.set('held', [...held, payload].slice(-1000)) // keep the newest 1000 while offline
  return null
}
return { topic: `cpi/${context.get('plantId')}/telemetry`, payload, qos: 1 }
// #endregion telemetry
