import { describe, expect, it } from 'vitest';
import { navItemsFor } from './nav-items';

const labels = (role: Parameters<typeof navItemsFor>[0]) => navItemsFor(role).map((item) => item.label);

describe('navItemsFor', () => {
  it('shows the signed-out visitor only the public links', () => {
    expect(labels(null)).toEqual(['Home']);
  });

  it('adds the dashboard for everyone signed in and the clients list for coaches and admins', () => {
    expect(labels('client')).toEqual(['Home', 'Dashboard', 'Sessions', 'Book a session', 'Appointments', 'Goals']);
    expect(labels('coach')).toEqual(['Home', 'Dashboard', 'Sessions', 'Agenda', 'Availability', 'My clients', 'Tips']);
    expect(labels('admin')).toEqual(['Home', 'Dashboard', 'Sessions', 'Appointments', 'Agenda', 'Clients', 'Admin']);
  });
});
