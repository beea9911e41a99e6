/**
 * A part of `<convo-chat>` that a page pays for only once it is used (the conversation list, uploads and the
 * files panel, approvals and the follow-up queue, charts): its code is a chunk of its own, loaded the first
 * time the element needs it, and its styles travel with it, added to the element's shadow root beside the
 * element's own, so theming (custom properties, `::part`) and light and dark apply to it unchanged.
 */
import { supportsAdoptingStyleSheets, type CSSResult, type ReactiveElement } from 'lit';

/** What a feature's module exports as `feature`: its styles, and how to make the feature for one element. */
export interface FeatureModule<H, T> {
  readonly styles: CSSResult;
  create(host: H): T;
}

/** Adds `styles` after the ones the shadow root has: an adopted sheet, or a `<style>` where sheets cannot be adopted. */
function addStyles(root: ShadowRoot, styles: CSSResult): void {
  const sheet = styles.styleSheet;
  if (supportsAdoptingStyleSheets && sheet !== undefined) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }
  const style = document.createElement('style');
  // A page with a strict style-src gives Lit its nonce this way; the feature's sheet needs it as well.
  const nonce = (globalThis as { litNonce?: string }).litNonce;
  if (nonce !== undefined) style.setAttribute('nonce', nonce);
  style.textContent = styles.cssText;
  root.appendChild(style);
}

export class LazyFeature<H, T> {
  private loadedFeature: T | undefined;
  private loading: Promise<T> | undefined;
  /** The last load failed: rendering does not try again (it would, every frame, while offline); an action does. */
  private failed = false;

  /**
   * `load` brings the feature's module (once per page, see `loadOnce`); `onError` hears of a load that
   * failed (the page went offline).
   */
  constructor(
    private readonly host: H & ReactiveElement,
    private readonly load: () => Promise<FeatureModule<H, T>>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The feature if it is loaded; never starts loading it. */
  get loaded(): T | undefined {
    return this.loadedFeature;
  }

  /**
   * For rendering: the feature once loaded; until then `undefined`, and the first ask starts loading it
   * (the host updates when it is in).
   */
  use(): T | undefined {
    if (this.loadedFeature === undefined && this.loading === undefined && !this.failed) this.ready().catch(this.onError);
    return this.loadedFeature;
  }

  /** Runs what the person did (a drop, a click) on the feature: now when it is loaded, else once it is. */
  whenReady(action: (feature: T) => void): void {
    if (this.loadedFeature !== undefined) action(this.loadedFeature);
    else this.ready().then(action, this.onError);
  }

  private ready(): Promise<T> {
    this.failed = false;
    this.loading ??= this.load().then(
      (module) => {
        const feature = module.create(this.host);
        if (this.host.renderRoot instanceof ShadowRoot) addStyles(this.host.renderRoot, module.styles);
        this.loadedFeature = feature;
        this.host.requestUpdate();
        return feature;
      },
      (error: unknown) => {
        this.loading = undefined;
        this.failed = true;
        throw error;
      },
    );
    return this.loading;
  }
}
