import { type RefObject, useLayoutEffect, useRef } from 'react';

/**
 * Keeps a scrolling log at its newest line while the reader is there; someone who scrolled up
 * to read earlier lines is left where they are.
 */
export function useStickToBottom(ref: RefObject<HTMLElement | null>, version: unknown): void {
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    const onScroll = () => {
      atBottom.current = node.scrollHeight - node.scrollTop - node.clientHeight < 48;
    };
    node.addEventListener('scroll', onScroll, { passive: true });
    return () => node.removeEventListener('scroll', onScroll);
  }, [ref]);
  // `version` changes when lines are added: the trigger to scroll.
  useLayoutEffect(() => {
    const node = ref.current;
    if (node && atBottom.current) node.scrollTop = node.scrollHeight;
  }, [ref, version]);
}
