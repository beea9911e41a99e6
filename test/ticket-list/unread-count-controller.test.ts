import { expect } from "@open-wc/testing";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import {
  UNREAD_CACHE_MS,
  UnreadCountController,
} from "../../src/elements/ticket-list/unread-count-controller.js";

/** A host that only counts repaint requests, and a server whose answers the test releases by hand. */
function setup() {
  let updates = 0;
  const host: ReactiveControllerHost = {
    addController: (_controller: ReactiveController) => undefined,
    removeController: () => undefined,
    requestUpdate: () => void updates++,
    updateComplete: Promise.resolve(true),
  };
  const answers: ((count: number) => void)[] = [];
  const changes: [number, number][] = [];
  const controller = new UnreadCountController(host, {
    fetchCount: () => new Promise<number>((resolve) => answers.push(resolve)),
    onServerChange: (count, previous) => changes.push([count, previous]),
  });
  return { controller, answers, changes, updates: () => updates };
}

const settle = () => new Promise((resolve) => setTimeout(resolve));

describe("unread count controller", () => {
  let realNow: () => number;
  let now = 1_000_000;
  beforeEach(() => {
    realNow = Date.now;
    Date.now = () => now;
  });
  afterEach(() => {
    Date.now = realNow;
  });

  it("asks at most once per server cache period, unless forced", async () => {
    const { controller, answers } = setup();
    controller.hostConnected();
    expect(answers.length).to.equal(0);
    controller.start();
    expect(answers.length).to.equal(1);
    answers[0]!(12);
    await settle();
    expect(controller.count).to.equal(12);
    window.dispatchEvent(new Event("focus"));
    now += UNREAD_CACHE_MS - 1;
    await controller.refresh();
    expect(answers.length).to.equal(1);
    now += 1;
    window.dispatchEvent(new Event("focus"));
    expect(answers.length).to.equal(2);
    answers[1]!(12);
    await settle();
    void controller.refresh(true);
    expect(answers.length).to.equal(3);
    controller.hostDisconnected();
  });

  it("lowers the total at once when a ticket is read, until an answer that counts the read", async () => {
    const { controller, answers, changes } = setup();
    controller.hostConnected();
    controller.start();
    answers[0]!(10);
    await settle();
    const read = controller.markRead(3);
    expect(controller.count).to.equal(7);
    now += UNREAD_CACHE_MS;
    void controller.refresh();
    read.confirm(); // the server confirmed after this answer was asked for: it may not count the read yet
    answers[1]!(10);
    await settle();
    expect(controller.count).to.equal(7);
    now += UNREAD_CACHE_MS;
    void controller.refresh();
    answers[2]!(7);
    await settle();
    expect(controller.count).to.equal(7);
    expect(changes).to.deep.equal([[7, 10]]);
    const failed = controller.markRead(2);
    failed.cancel();
    expect(controller.count).to.equal(7);
    controller.hostDisconnected();
  });
});
