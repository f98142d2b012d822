// Sends events to a Parcours server with the official Segment Node client, unchanged but for its host.
// Usage: node send.mjs <base URL> <write key> <count>
import { Analytics } from '@segment/analytics-node';

const [host, writeKey, countText] = process.argv.slice(2);
const count = Number(countText);
const analytics = new Analytics({ writeKey, host, maxEventsInBatch: 25, flushInterval: 200 });
const failures = [];
analytics.on('error', (error) => failures.push(String(error?.reason ?? error)));

for (let i = 0; i < count; i++) {
  const userId = `node-user-${i % 7}`;
  if (i % 10 === 0) {
    analytics.identify({ userId, traits: { plan: 'gold', email: `${userId}@example.com` } });
  } else if (i % 10 === 1) {
    analytics.page({ userId, name: 'Product', properties: { url: 'https://akwaba.example/robe' } });
  } else {
    analytics.track({ userId, event: 'Product Viewed', properties: { index: i, sku: 'wax-dress-1' } });
  }
}
await analytics.closeAndFlush({ timeout: 20000 });
if (failures.length > 0) {
  console.error(`failures: ${failures.join('; ')}`);
  process.exit(1);
}
console.log(`sent ${count}`);
