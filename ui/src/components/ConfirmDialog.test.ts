import { fireEvent, render } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../lib/confirm.svelte';
import ConfirmDialog from './ConfirmDialog.svelte';
import { modalDialogs } from './testing/dialog';

beforeAll(modalDialogs);

describe('the confirmation dialog (on the modal Dialog)', () => {
  afterEach(() => document.body.replaceChildren());

  function opener(): HTMLButtonElement {
    const button = document.createElement('button');
    button.textContent = 'Supprimer';
    document.body.append(button);
    button.focus();
    return button;
  }

  it('opens modal, focuses the safe answer first, and Escape answers no and gives focus back', async () => {
    const { getByTestId, queryByTestId } = render(ConfirmDialog);
    const button = opener();
    const answer = ask('Supprimer la salle Fablab ?');
    flushSync();
    const dialog = getByTestId('confirm-dialog') as HTMLDialogElement;
    expect(dialog.tagName).toBe('DIALOG');
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe('Supprimer la salle Fablab ?');
    expect(document.activeElement).toBe(getByTestId('confirm-no'));

    // Escape: the browser fires `cancel` on the modal dialog.
    const cancel = new Event('cancel', { cancelable: true });
    dialog.dispatchEvent(cancel);
    flushSync();
    expect(cancel.defaultPrevented).toBe(true);
    await expect(answer).resolves.toBe(false);
    expect(queryByTestId('confirm-dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('answers yes on Confirm, and focus goes back to the opener', async () => {
    const { getByTestId } = render(ConfirmDialog);
    const button = opener();
    const answer = ask('Appliquer la répartition ?');
    flushSync();
    await fireEvent.click(getByTestId('confirm-yes'));
    await expect(answer).resolves.toBe(true);
    expect(document.activeElement).toBe(button);
  });

  it('answers no when the browser closes the dialog by itself', async () => {
    const { getByTestId } = render(ConfirmDialog);
    opener();
    const answer = ask('Supprimer ?');
    flushSync();
    (getByTestId('confirm-dialog') as HTMLDialogElement).close();
    await expect(answer).resolves.toBe(false);
  });
});
