// A <dialog> shown as a modal once it is mounted: focus moves into it, Escape closes it (its
// onClose), and the page behind it is inert — what every dialog of the console wants.
import { useEffect, useRef } from 'react';

export function useModal() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return dialog;
}
