// Copy buttons: copy the text of the element a button names (`data-copy="#id"`), then say so on the button
// ("Copied", `data-copied="true"`) for two seconds. Uses the Clipboard API, or a selection plus execCommand where the
// page is not a secure context. Text only: nothing is parsed.
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
  const target = document.querySelector(button.dataset.copy ?? '');
  if (target === null) continue;
  const label = button.textContent ?? 'Copy';
  button.hidden = false;
  button.addEventListener('click', async () => {
    const ok = await copyText(target.textContent ?? '');
    button.textContent = ok ? 'Copied' : 'Copy failed';
    button.dataset.copied = String(ok);
    setTimeout(() => {
      button.textContent = label;
      delete button.dataset.copied;
    }, 2_000);
  });
}
