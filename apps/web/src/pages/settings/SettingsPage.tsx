import { useQuery } from '@tanstack/react-query';
import { LogOutIcon } from 'lucide-react';
import { useSignOut } from '../../auth/use-sign-out';
import { roleLabels, useViewer } from '../../auth/viewer';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { errorMessage } from '../../lib/error-message';
import { useTRPC } from '../../trpc';
import { ActiveSessions } from './ActiveSessions';
import { CoachSettingsForm } from './CoachSettingsForm';
import { MyTips } from './MyTips';
import { NotificationPreferences } from './NotificationPreferencesForm';
import { PhotoForm } from './PhotoForm';
import { PrivacySettings } from './PrivacySettings';
import { ProfileForm } from './ProfileForm';
import { SettingsSection } from './SettingsSection';

export function SettingsPage() {
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const profile = useQuery(trpc.user.profile.queryOptions());
  const signOut = useSignOut();

  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6">
      <title>Settings · HybridCoach</title>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-semibold tracking-tight">Settings</h1>
        {viewer ? <Badge tone={viewer.role === 'client' ? 'neutral' : 'brand'}>{roleLabels[viewer.role]}</Badge> : null}
      </div>
      <p className="mt-2 text-muted-foreground">
        {viewer ? (
          <>
            Signed in as <strong className="font-medium text-foreground">{viewer.email}</strong>.
          </>
        ) : null}
      </p>

      <div className="mt-8 flex flex-col gap-6">
        {profile.isPending ? (
          <LoadingState label="Loading your profile…" />
        ) : profile.isError ? (
          <ErrorState error={profile.error} title="Could not load your profile" onRetry={() => profile.refetch()} />
        ) : (
          <>
            <SettingsSection id="profile" title="Profile" description="How you appear to coaches and clients.">
              {/* Keyed by id: a different person's data never lands in a form that is still open. */}
              <ProfileForm key={profile.data.id} profile={profile.data} />
            </SettingsSection>
            <SettingsSection id="photo" title="Photo">
              <PhotoForm key={profile.data.id} profile={profile.data} />
            </SettingsSection>
            {profile.data.role === 'coach' ? (
              <SettingsSection
                id="coach-settings"
                title="Coaching"
                description="What clients see when they choose a coach."
              >
                <CoachSettingsForm key={profile.data.id} profile={profile.data} />
              </SettingsSection>
            ) : null}
          </>
        )}

        {viewer?.role === 'client' ? (
          <SettingsSection
            id="tips"
            title="Your tips"
            description="Tips you added when rating a session, and where each payment stands. Receipts come by email."
          >
            <MyTips timeZone={viewer.timezone} />
          </SettingsSection>
        ) : null}

        {viewer ? (
          <SettingsSection
            id="notifications"
            title="Notifications"
            description="What reaches you by email, and how dates and times are written there."
          >
            <NotificationPreferences role={viewer.role} timeZone={viewer.timezone} />
          </SettingsSection>
        ) : null}

        <SettingsSection
          id="privacy"
          title="Privacy"
          description="Your data: a copy of it, the AI assistant, and deleting your account."
        >
          <PrivacySettings timeZone={viewer?.timezone ?? 'UTC'} isClient={viewer?.role === 'client'} />
        </SettingsSection>

        <SettingsSection
          id="sessions"
          title="Active sessions"
          description="The browsers and devices where you are signed in. Revoke any you do not recognise."
        >
          <ActiveSessions timeZone={viewer?.timezone ?? 'UTC'} />
        </SettingsSection>

        <SettingsSection id="sign-out" title="Sign out" description="Ends your session in this browser only.">
          <div className="flex flex-col items-start gap-3">
            <Button variant="outline" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
              <LogOutIcon className="size-4" />
              {signOut.isPending ? 'Signing out…' : 'Sign out'}
            </Button>
            {signOut.isError ? (
              <p role="alert" className="text-sm font-medium text-danger">
                {errorMessage(signOut.error)}
              </p>
            ) : null}
          </div>
        </SettingsSection>
      </div>
    </div>
  );
}
