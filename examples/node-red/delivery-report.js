// Function node "Delivery report" (examples/node-red/flow.json): the mqtt out node is done with a
// QoS 1 message once the broker acknowledged it (PUBACK: the complete node), or failed with it (the
// catch node; on MQTT 5 a topic outside the plant's ACL gets PUBACK 135).
// Kept in the Voke docs as examples/node-red/delivery-report.js; scripts/sync-node-red-flow.ts builds flow.json from it.

// #region delivery
if (msg.error) node.warn(`publish failed: ${msg.topic} ${msg.payload} (${msg.error.message})`)
else node.log(`published ${msg.topic} ${msg.payload}`)
return null
// #endregion delivery
