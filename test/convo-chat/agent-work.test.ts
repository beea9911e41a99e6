import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { messageFromAgents } from '../../src/api/wire-agents.js';
import { startReferenceServer, type ReferenceServer } from '../helpers/reference-server.js';
import { DIALECTS, chatWithAttributes, clientFor, freshDraftStore, nextFrame, part, parts, visibleText, waitForReply } from './chat-fixture.js';

for (const dialect of DIALECTS) {
  describe(`<convo-chat> agent work (${dialect})`, () => {
    let server: ReferenceServer;

    before(async () => {
      server = await startReferenceServer({ rateLimits: { create: 1000, createPerDay: 10000 } });
    });

    after(async () => {
      await server.stop();
    });

    it('shows a tool call as a compact row: name, arguments and result on demand', async () => {
      const element = await chatWithAttributes(server, dialect);
      await element.send('Use a tool to check sign-ups');
      await waitForReply(element);
      // The first tool call of a page loads the code that draws it.
      await waitUntil(() => part(element, 'tool-call') !== null, 'the tool call was not shown', { timeout: 5000 });
      const row = part<HTMLDetailsElement>(element, 'tool-call')!;
      expect(row).to.not.equal(null);
      expect(row.open).to.equal(false);
      expect(row.dataset['status']).to.equal('finished');
      expect(visibleText(row.querySelector('[part~="tool-call-name"]'))).to.match(/^Ran \S+/);
      row.open = true;
      expect(row.querySelector('[part~="tool-call-arguments"]')).to.not.equal(null);
      expect(visibleText(row.querySelector('[part~="tool-call-result"]')).length).to.be.greaterThan(0);
      if (dialect === 'posthog') expect(row.querySelectorAll('[part~="tool-call-updates"] li').length).to.be.greaterThan(0);
      await expect(element).to.be.accessible();
    });

    it('keeps reasoning collapsed', async () => {
      const element = await chatWithAttributes(server, dialect);
      await element.send('think about retention');
      await waitForReply(element);
      await waitUntil(() => part(element, 'reasoning') !== null, 'the reasoning was not shown', { timeout: 5000 });
      const reasoning = part<HTMLDetailsElement>(element, 'reasoning')!;
      expect(reasoning).to.not.equal(null);
      expect(reasoning.open).to.equal(false);
      expect(visibleText(reasoning.querySelector('summary'))).to.equal('Reasoning');
      expect(visibleText(reasoning.querySelector('.reasoning-text')).length).to.be.greaterThan(10);
    });

    it('shows a failed reply with a retry that asks again', async () => {
      const element = await chatWithAttributes(server, dialect);
      const completed = oneEvent(element, 'convo-reply-completed');
      await element.send('this will fail');
      expect((await completed).detail.outcome).to.equal('failed');
      await waitForReply(element);
      const failure = part(element, 'failure')!;
      expect(failure).to.not.equal(null);
      expect(visibleText(failure).length).to.be.greaterThan('Retry'.length);
      await expect(element).to.be.accessible();
      failure.querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
      await waitUntil(() => parts(element, 'message-user').length === 2, 'retry did not ask again');
      // The message is stored before its run starts: wait for the second reply itself, not for an idle run.
      await waitUntil(() => parts(element, 'failure').length === 2, 'the second reply did not fail too', { timeout: 10000 });
    });

    it('offers quick replies as buttons that send', async () => {
      const element = await chatWithAttributes(server, dialect);
      await element.send('give me quick options about funnels');
      await waitForReply(element);
      await waitUntil(() => part(element, 'quick-replies') !== null, 'the quick replies were not shown', { timeout: 5000 });
      const buttons = parts<HTMLButtonElement>(element, 'quick-reply').filter((node) => node.tagName === 'BUTTON');
      expect(buttons.length).to.be.greaterThan(0);
      buttons[0]!.click();
      await waitUntil(() => parts(element, 'message-user').length === 2, 'the quick reply was not sent');
      expect(visibleText(parts(element, 'message-user')[1]!).length).to.be.greaterThan(0);
      await waitForReply(element);
    });

    it('updates the title live', async () => {
      const element = await chatWithAttributes(server, dialect);
      expect(visibleText(part(element, 'title'))).to.equal('New conversation');
      const renamed = oneEvent(element, 'convo-title-changed');
      await element.send('How do cohorts work in PostHog?');
      const { detail } = await renamed;
      expect(detail.title.length).to.be.greaterThan(0);
      await waitForReply(element);
      expect(visibleText(part(element, 'title'))).to.equal(detail.title);
    });
  });
}

describe('<convo-chat> approvals (posthog)', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.stop();
  });

  it('asks for approval, and approving resumes the run', async () => {
    const element = await chatWithAttributes(server, 'posthog');
    await element.send('Rename the dashboard, needs approval');
    await waitForReply(element);
    await waitUntil(() => part(element, 'approval') !== null, 'no approval shown');
    const card = part(element, 'approval')!;
    expect(visibleText(card)).to.contain('Approval needed');
    await expect(element).to.be.accessible();
    const decided = oneEvent(element, 'convo-approval-decided');
    card.querySelector<HTMLButtonElement>('[part~="approve-button"]')!.click();
    expect((await decided).detail.decision).to.equal('approve');
    await nextFrame();
    expect(part(element, 'approval')).to.equal(null);
    await waitUntil(() => visibleText(part(element, 'transcript')).includes('Approved.'), 'the run did not resume');
  });

  it('keeps the direction of the approval\'s own text on a right-to-left page', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl"><convo-chat .client=${clientFor(server, 'posthog')} .draftStore=${freshDraftStore()}></convo-chat></div>`);
    const element = wrapper.querySelector('convo-chat')!;
    await element.send('Rename the dashboard, needs approval');
    await waitUntil(() => part(element, 'approval') !== null, 'no approval shown', { timeout: 10000 });
    const card = part(element, 'approval')!;
    expect(getComputedStyle(card).direction).to.equal('rtl');
    // English sentences (the tool's description, the agent's preview) read left to right, punctuation last.
    const sentences = [...card.querySelectorAll('p:not(.approval-title)')];
    expect(sentences.length).to.equal(2);
    for (const sentence of sentences) expect(getComputedStyle(sentence).direction, sentence.textContent!).to.equal('ltr');
  });

  it('rejecting resumes the run too', async () => {
    const element = await chatWithAttributes(server, 'posthog');
    await element.send('Delete the old cohort, needs approval');
    await waitForReply(element);
    await waitUntil(() => part(element, 'approval') !== null, 'no approval shown');
    part<HTMLButtonElement>(element, 'reject-button')!.click();
    await waitUntil(() => part(element, 'approval') === null && element.session.runState === 'idle' && parts(element, 'message-agent').length >= 2, 'the run did not resume');
  });
});

describe('<convo-chat> content it cannot show (agents)', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.stop();
  });

  it('shows a neutral note instead of dropping it', async () => {
    const element = await chatWithAttributes(server, 'agents');
    await element.send('Tell me about sign-ups');
    await waitForReply(element);
    // An item kind newer than this element, in a message read back from the server.
    const content = [{ content_id: 'c0', kind: 'hologram', complete: true }];
    element.session.transcript.mergeStored([messageFromAgents({ message_id: 'from-the-future', role: 'agent', complete: true, content })]);
    element.requestUpdate();
    await element.updateComplete;
    expect(visibleText(part(element, 'unsupported'))).to.equal('This message has content this chat cannot show.');
  });
});

describe('<convo-chat> citations (agents)', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.stop();
  });

  it('shows the sources a reply cites as links that open safely', async () => {
    const element = await chatWithAttributes(server, 'agents');
    await element.send('Tell me about funnels');
    await waitForReply(element);
    await waitUntil(() => part(element, 'citations') !== null, 'the sources were not shown', { timeout: 5000 });
    const links = parts<HTMLAnchorElement>(element, 'citation');
    expect(links.length).to.be.greaterThan(0);
    for (const link of links) {
      expect(link.href).to.match(/^https?:\/\//);
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.contain('noopener');
    }
  });

  it('keeps several cited replies accessible: each source list is a labelled group, not another landmark', async () => {
    const element = await chatWithAttributes(server, 'agents');
    await element.send('Tell me about funnels');
    await waitForReply(element);
    await element.send('Now tell me about retention');
    await waitUntil(() => element.session.runState === 'idle' && parts(element, 'citations').length === 2, 'the second cited reply did not finish', { timeout: 10000 });
    const groups = parts(element, 'citations');
    expect(groups.length).to.equal(2);
    for (const group of groups) {
      expect(group.getAttribute('role')).to.equal('group');
      expect(group.getAttribute('aria-label')).to.equal('Sources');
    }
    await expect(element).to.be.accessible();
  });
});

describe('<convo-chat> approvals (agents)', () => {
  let server: ReferenceServer;

  before(async () => {
    server = await startReferenceServer();
  });

  after(async () => {
    await server.stop();
  });

  it('shows the pending tool call and approve/reject replies', async () => {
    const element = await chatWithAttributes(server, 'agents');
    await element.send('Rename the dashboard, needs approval');
    await waitForReply(element);
    const row = part<HTMLDetailsElement>(element, 'tool-call')!;
    expect(row.dataset['status']).to.equal('pending');
    const approve = parts<HTMLButtonElement>(element, 'quick-reply').find((button) => visibleText(button) === 'Approve')!;
    approve.click();
    await waitUntil(() => parts(element, 'message-user').length === 2, 'approve was not sent');
    await waitForReply(element);
  });
});
