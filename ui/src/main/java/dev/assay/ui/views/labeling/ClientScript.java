package dev.assay.ui.views.labeling;

/**
 * The labeling view's browser side, installed once per view element.
 *
 * <ul>
 *   <li>Keyboard: one capturing keydown listener forwards the shortcut keys to the server. Keys typed
 *       in a text field, text area, select or editable element are never taken as shortcuts, except
 *       Ctrl/Cmd+Enter (submit, carrying the rationale's current text) and Esc (leave the field).
 *   <li>Activity: key presses, pointer, wheel, touch and scrolling mark the rater active. While active
 *       (within the last three minutes), the lease is renewed every third of its length (at most each
 *       minute). The first sign of life after the lease ran out asks the server at once, which tells the
 *       rater plainly what happened.
 *   <li>Countdown: the lease chip shows the time left, turning amber in the last two minutes.
 * </ul>
 */
final class ClientScript {
  private ClientScript() {}

  static final String INSTALL = """
      const view = this;
      if (view.__assay) { return; }
      const KEYS = new Set(['1','2','3','4','5','6','7','t','b','s','g','?','d','u','f','r','o','x','n','c']);
      const ACTIVE_WINDOW_MS = 3 * 60 * 1000;
      const s = view.__assay = {
        expiresAt: 0, leaseMs: 600000, lastActivity: Date.now(), lastBeat: Date.now(), asked: false,
        setLease(expiresAt, leaseMs) {
          s.expiresAt = expiresAt; s.leaseMs = leaseMs || s.leaseMs; s.asked = false; s.lastBeat = Date.now();
          render();
        }
      };
      const alive = () => {
        if (view.isConnected) { return true; }
        document.removeEventListener('keydown', onKey, true);
        ACTIVITY.forEach(t => document.removeEventListener(t, onActivity, true));
        clearInterval(timer);
        return false;
      };
      const typing = (t) => {
        if (!t || !t.tagName) { return false; }
        if (t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') { return true; }
        if (t.tagName === 'INPUT') { return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(t.type); }
        return false;
      };
      const rationale = () => {
        const field = document.getElementById('rationale');
        return field ? field.value : null;
      };
      const beat = () => { s.lastBeat = Date.now(); view.$server.heartbeat(); };
      const onKey = (e) => {
        if (!alive()) { return; }
        const target = e.composedPath()[0];
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          view.$server.shortcut('submit', rationale());
          return;
        }
        if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) { return; }
        if (typing(target)) {
          if (e.key === 'Escape') { target.blur(); view.focus({preventScroll: true}); }
          return;
        }
        if (document.querySelector('vaadin-dialog[opened]:not([modeless])')) { return; }
        const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
        if (KEYS.has(key)) {
          e.preventDefault();
          view.$server.shortcut(key, null);
        }
      };
      const onActivity = () => {
        if (!alive()) { return; }
        s.lastActivity = Date.now();
        if (s.expiresAt > 0 && Date.now() >= s.expiresAt && !s.asked) {
          s.asked = true;
          beat();
        }
      };
      const ACTIVITY = ['keydown', 'pointerdown', 'wheel', 'touchstart', 'scroll', 'input'];
      document.addEventListener('keydown', onKey, true);
      ACTIVITY.forEach(t => document.addEventListener(t, onActivity, {capture: true, passive: true}));
      const render = () => {
        const chip = document.getElementById('lease');
        if (!chip) { return; }
        if (!s.expiresAt) { chip.textContent = ''; chip.style.visibility = 'hidden'; return; }
        chip.style.visibility = 'visible';
        const left = s.expiresAt - Date.now();
        chip.classList.toggle('lease-low', left > 0 && left < 120000);
        chip.classList.toggle('lease-expired', left <= 0);
        if (left <= 0) {
          chip.textContent = 'Time is up: press any key';
          return;
        }
        const total = Math.ceil(left / 1000);
        const m = Math.floor(total / 60), sec = total % 60;
        chip.textContent = 'Reserved for you ' + m + ':' + String(sec).padStart(2, '0');
      };
      const timer = setInterval(() => {
        if (!alive()) { return; }
        render();
        const now = Date.now();
        const period = Math.max(5000, Math.min(60000, s.leaseMs / 3));
        if (s.expiresAt > now && now - s.lastActivity < ACTIVE_WINDOW_MS && now - s.lastBeat >= period) {
          beat();
        }
      }, 1000);
      render();
      """;
}
