import { FormField } from '../../../components/ui/FormField';
import { Select } from '../../../components/ui/Select';
import { communities, communityLabels } from './skool-labels';
import type { Community } from './skool-types';

/** "All communities" or one of them, for the admin tables' filters. */
export function CommunityFilter({
  value,
  onChange,
  className,
}: {
  value: Community | '';
  onChange: (next: Community | '') => void;
  className?: string;
}) {
  return (
    <FormField label="Community" className={className}>
      {(control) => (
        <Select {...control} value={value} onChange={(e) => onChange(e.target.value as Community | '')}>
          <option value="">All communities</option>
          {communities.map((c) => (
            <option key={c} value={c}>
              {communityLabels[c]}
            </option>
          ))}
        </Select>
      )}
    </FormField>
  );
}
