/**
 * The browser's view of the network for the outbox: `navigator.onLine`, and the moments worth trying again
 * at once (`online`; the page becoming visible, since a hidden tab's timers are throttled and a laptop that
 * slept shows its page again). A script-tag widget cannot rely on a service worker, so this is how replay
 * happens: from the page.
 */
import type { Connectivity, ConnectivityChange } from './outbox.js';

export function browserConnectivity(): Connectivity {
  return {
    get online() {
      return typeof navigator === 'undefined' || navigator.onLine !== false;
    },
    subscribe(listener: (change: ConnectivityChange) => void) {
      const online = () => listener('online');
      const offline = () => listener('offline');
      const visible = () => {
        if (document.visibilityState === 'visible') listener('visible');
      };
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      document.addEventListener('visibilitychange', visible);
      return () => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
        document.removeEventListener('visibilitychange', visible);
      };
    },
  };
}
