/** Simulated tabs for the multi-tab tests: several in one page behave as separate tabs. */
import { OutboxDatabase } from '../../src/store/database.js';
import { Outbox } from '../../src/store/outbox.js';
import { browserTimers } from '../../src/store/outbox-entry.js';
import { OutboxStore } from '../../src/store/outbox-store.js';
import { TabCoordinator, databaseLease } from '../../src/store/tab-coordinator.js';
import { SwitchableNetwork, type CountingServer } from './fakes.js';

export type LockKind = 'web-locks' | 'lease';

/** One simulated tab: its own database connection, coordinator and BroadcastChannel, sharing the name. */
export function openTab(name: string, server: CountingServer, { locks, tabId, attemptTimeoutMs = 1000 }: { locks: LockKind; tabId: string; attemptTimeoutMs?: number }) {
  const database = new OutboxDatabase({ name });
  const store = new OutboxStore({ backend: database, timers: browserTimers });
  const coordinator = new TabCoordinator({
    name,
    tabId,
    locks: locks === 'web-locks' ? navigator.locks : null,
    channel: new BroadcastChannel(`${name}:outbox`),
    lease: databaseLease(database),
    leaseMs: 400,
    heartbeatMs: 100,
  });
  const outbox = new Outbox({ store, transport: server, election: coordinator, connectivity: new SwitchableNetwork(), retry: { attemptTimeoutMs, offlineBaseDelayMs: 50, offlineMaxDelayMs: 200, baseDelayMs: 50, maxDelayMs: 200 } });
  return {
    coordinator,
    outbox,
    async start() {
      coordinator.start();
      await outbox.start();
    },
    async close() {
      await outbox.stop();
      await coordinator.stop();
      store.close();
    },
  };
}

export type SimulatedTab = ReturnType<typeof openTab>;
