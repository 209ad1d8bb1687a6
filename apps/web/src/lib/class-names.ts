/**
 * Joins the truthy class names: `cx('a', isOn && 'b')`. It does not resolve Tailwind
 * conflicts (which of `p-4`/`p-6` wins is CSS order, not argument order), so components
 * take props for what callers vary and `className` is for additions such as margins.
 */
export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(' ');
}
