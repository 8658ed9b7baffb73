import { useEffect, useState } from 'react';

const focused = (): HTMLElement | null => (document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null);

/**
 * Escape closes a detail panel (unless a text field or an inner form took the key first), and focus
 * goes back to what opened it: the link, button or graph node that had focus when the panel showed
 * `openedFor` (a batch, a column, a task).
 */
export function useEscapeToClose(close: () => void, openedFor: string): void {
  const [opener, setOpener] = useState(() => ({ openedFor, element: focused() }));
  if (opener.openedFor !== openedFor) setOpener({ openedFor, element: focused() });
  const { element } = opener;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (event.target instanceof Element && event.target.closest('input, textarea, select, [contenteditable="true"], dialog')) return;
      event.preventDefault();
      close();
      if (element?.isConnected) element.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [close, element]);
}
