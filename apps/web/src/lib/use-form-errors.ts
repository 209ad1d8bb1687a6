import { useCallback, useEffect, useRef, useState } from 'react';
import { type FormErrors, hasErrors, noFormErrors } from './form-errors';

/**
 * A form's errors plus where focus goes when they appear: the error summary by default, or a
 * given control (a one-field form focuses its field). Focus moves after the errors render.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const summaryRef = useRef<HTMLDivElement>(null);
  const focusTarget = useRef<(() => HTMLElement | null) | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  useEffect(() => {
    if (focusRequest === 0) return;
    const target = focusTarget.current?.() ?? summaryRef.current;
    target?.focus();
  }, [focusRequest]);

  const show = useCallback((next: FormErrors, focus?: () => HTMLElement | null) => {
    setErrors(next);
    if (!hasErrors(next)) return;
    focusTarget.current = focus ?? null;
    setFocusRequest((n) => n + 1);
  }, []);

  const clear = useCallback(() => setErrors(noFormErrors), []);

  return { errors, show, clear, summaryRef };
}
