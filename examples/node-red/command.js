// Function node "Command" (examples/node-red/flow.json): one command from Voke, received by the
// mqtt in node on cpi/<plant>/commands (QoS 1). The broker keeps the plant's session, so commands
// sent while the gateway was offline arrive after it reconnects.
// Kept in the Voke docs as examples/node-red/command.js; scripts/sync-node-red-flow.ts builds flow.json from it.

// #region commands
node.log(`command ${msg.topic} ${msg.payload}`)
// Act on the command here, or wire this node's output to the nodes that do. With QoS 1 a command
// may arrive twice, so make handling idempotent.
return msg
// #endregion commands
