import { useViewer } from '../../auth/viewer';
import { ClientList } from './ClientList';

export function ClientsPage() {
  const viewer = useViewer().data;
  const admin = viewer?.role === 'admin';
  return (
    <section className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6">
      <title>{admin ? 'Clients · HybridCoach' : 'My clients · HybridCoach'}</title>
      <h1 className="text-3xl font-semibold tracking-tight">{admin ? 'Clients' : 'My clients'}</h1>
      <p className="mt-2 text-muted-foreground">
        Open a client’s context to keep what you and the AI assistant know about them up to date before a session.
      </p>
      <div className="mt-8">
        <ClientList
          emptyHint={
            admin
              ? 'Clients appear here once members sign in.'
              : 'Clients appear here once they book a session with you.'
          }
        />
      </div>
    </section>
  );
}
