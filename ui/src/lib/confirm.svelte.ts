// A confirmation asked in the window itself (never a native dialog, which
// would block the webview and end-to-end tests).

export const confirmation = $state<{ message: string | null; resolve: ((ok: boolean) => void) | null }>({
  message: null,
  resolve: null,
});

export function ask(message: string): Promise<boolean> {
  confirmation.resolve?.(false);
  return new Promise((resolve) => {
    confirmation.message = message;
    confirmation.resolve = resolve;
  });
}

export function answer(ok: boolean): void {
  const resolve = confirmation.resolve;
  confirmation.message = null;
  confirmation.resolve = null;
  resolve?.(ok);
}
