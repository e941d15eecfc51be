// Review mode (`seedsnap review`): the page talks to the local server that served it. Every request carries
// the token the server put in the page, so no other page the browser has open can approve anything.
import { el } from './dom.js';

export function reviewToken() {
  const meta = document.querySelector('meta[name="seedsnap-review"]');
  return meta ? meta.getAttribute('content') : null;
}

export function createReviewApi(token, onResults) {
  async function post(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-seedsnap-token': token },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
    onResults(answer.results, answer);
    return answer;
  }
  // A case the server refused to approve (its request was rewritten) is an error to the one who clicked.
  const approve = async (ids) => {
    const answer = await post('/api/approve', { ids });
    const refused = answer.refused || [];
    if (refused.length > 0 && answer.approved.length === 0) throw new Error(`not approved: ${refused[0].reason}`);
    return answer;
  };
  return {
    approve,
    approveAllFailing: () => post('/api/approve', { all: true }),
    reject: (id) => post('/api/reject', { ids: [id] }),
  };
}

/** "Approve all failing", with a second click to confirm (no browser dialog). */
export function approveAllButton(api, countFailing) {
  const status = el('span', { class: 'review-status', role: 'status' });
  let armed = false;
  const button = el('button', { type: 'button', class: 'approve-all' });
  const label = () => {
    const n = countFailing();
    button.textContent = armed ? `Confirm: approve ${n} failing` : `Approve all failing (${n})`;
    button.disabled = n === 0;
  };
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      label();
      return;
    }
    armed = false;
    button.disabled = true;
    status.textContent = 'saving…';
    try {
      const answer = await api.approveAllFailing();
      const refused = answer.refused || [];
      status.textContent =
        refused.length === 0
          ? `${answer.approved.length} image(s) approved`
          : `${answer.approved.length} image(s) approved; ${refused.length} case(s) not approved: ${refused[0].reason}`;
    } catch (error) {
      status.textContent = `failed: ${error.message}`;
    }
    label();
  });
  button.addEventListener('blur', () => {
    armed = false;
    label();
  });
  label();
  const box = el('span', { class: 'review-bar' }, [button, status]);
  box.refresh = label;
  return box;
}
