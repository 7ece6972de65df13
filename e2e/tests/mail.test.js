// Mail end to end: the running server sends real SMTP to the sink e2e/run.sh started
// (maildev), and the sink's API shows the message — the same page a developer opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, apiLogin, registerUnit, unique } from './api.js';

const MAIL_URL = process.env.E2E_MAIL_URL ?? 'http://127.0.0.1:18081';

/** The sink's messages to `address`, polled until `count` are there (tasks run in the background). */
async function mailsTo(address, count) {
  for (let i = 0; i < 60; i++) {
    const all = await (await fetch(`${MAIL_URL}/api/email`)).json();
    const mine = all.filter((m) => m.to.some((t) => t.address === address));
    if (mine.length >= count) return mine;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no mail to ${address} reached the sink at ${MAIL_URL}`);
}

test('a password reset is mailed to the operator over SMTP, without the password', async () => {
  const email = `mail${unique()}@example.com`;
  const registered = await registerUnit(`上海邮件提醒${unique()}有限公司`, email, 'Before#2026');
  const admin = await apiLogin('admin', 'Admin@2025');
  const reset = await api.post(`/api/accounts/${registered.account_id}/password-reset`, admin);

  const [mail] = await mailsTo(email, 1);
  assert.equal(mail.subject, '【退休住院计划】账号密码已重置');
  assert.match(mail.headers['message-id'], /^<notice\.[0-9a-f]{32}@rtp\.localhost>$/);
  assert.ok(mail.text.includes(`账号 ${email} 的密码已由管理员重置`), mail.text);
  assert.match(mail.text, /本通知不含密码/);
  assert.ok(!mail.text.includes(reset.one_time_password), 'no password in the mail');

  // The same notice is in the app once the new password is set.
  const token = await apiLogin(email, reset.one_time_password);
  await api.put('/api/me/password', token, {
    old_password: reset.one_time_password,
    new_password: 'After#2026ok',
  });
  const fresh = await apiLogin(email, 'After#2026ok');
  const inbox = await api.get('/api/notifications', fresh);
  assert.equal(inbox.total, 1);
  assert.equal(inbox.items[0].kind, 'password_reset');
  assert.ok(inbox.items[0].mailed_at, 'recorded as mailed');
  assert.equal((await api.get('/api/notifications/unread-count', fresh)).unread, 1);
});
