import type { ReactNode, Ref } from 'react';
import { FormField } from './FormField';
import { Input } from './Input';

/** An email address field: the keyboard, autofill and spelling an address wants, under a label. */
export function EmailField(props: {
  id: string;
  error?: string | null;
  hint?: ReactNode;
  inputRef: Ref<HTMLInputElement>;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <FormField id={props.id} label="Email" error={props.error} hint={props.hint}>
      {(control) => (
        <Input
          {...control}
          ref={props.inputRef}
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
          autoCapitalize="none"
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </FormField>
  );
}
