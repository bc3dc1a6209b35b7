import { lazy, ReactNode, Suspense } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { useSession } from './api/session';
import type { Permission } from './api/types';
import { CheckHistoryPage } from './pages/check-history-page';
import { DatasetsPage } from './pages/datasets-page';
import { LineagePage } from './pages/lineage-page';
import { OverviewPage } from './pages/overview-page';
import { PersonalDataPage } from './pages/personal-data-page';
import { ProvenancePage } from './pages/provenance-page';
import { QualityPage } from './pages/quality-page';
import { SignInPage } from './pages/sign-in-page';
import { SourcePage } from './pages/source-page';
import { SourcesPage } from './pages/sources-page';

// The contract editor brings a YAML parser: loaded when the page is first opened, not with the app.
const ContractsPage = lazy(() => import('./pages/contracts-page').then((module) => ({ default: module.ContractsPage })));

interface Section {
  path: string;
  label: string;
  /** Shown when the role grants any of these. */
  anyOf: Permission[];
}

export const SECTIONS: Section[] = [
  { path: '/', label: 'Overview', anyOf: ['runs:read'] },
  { path: '/sources', label: 'Sources and runs', anyOf: ['sources:read', 'runs:read'] },
  { path: '/datasets', label: 'Datasets', anyOf: ['datasets:read'] },
  { path: '/personal-data', label: 'Personal data', anyOf: ['findings:read', 'pii:read'] },
  { path: '/quality', label: 'Quality', anyOf: ['quality:read', 'quarantine:read'] },
  { path: '/contracts', label: 'Contracts', anyOf: ['contracts:read'] },
  { path: '/lineage', label: 'Lineage', anyOf: ['lineage:read'] },
];

function Guarded({ anyOf, children }: { anyOf: Permission[]; children: ReactNode }) {
  const { can, profile } = useSession();
  if (!profile) return <p className="muted">Loading…</p>;
  if (!anyOf.some(can)) return <p role="alert">Your role ({profile.role ?? 'none'}) may not see this page.</p>;
  return <>{children}</>;
}

function Shell({ children }: { children: ReactNode }) {
  const { session, profile, can, logout } = useSession();
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Atlas</span>
        <nav aria-label="Main">
          {SECTIONS.filter((section) => section.anyOf.some(can)).map((section) => (
            <NavLink key={section.path} to={section.path} end={section.path === '/'}>
              {section.label}
            </NavLink>
          ))}
        </nav>
        <span className="who">
          {session?.email} {profile?.role && <span className="role">{profile.role}</span>}
          <button type="button" className="link" onClick={() => void logout()}>
            Sign out
          </button>
        </span>
      </header>
      <main>{children}</main>
    </div>
  );
}

export function App() {
  const { session } = useSession();
  const location = useLocation();
  if (!session) {
    return (
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="*" element={<Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />} />
      </Routes>
    );
  }
  return (
    <Shell>
      <Routes>
        <Route path="/sign-in" element={<Navigate to="/" replace />} />
        <Route path="/" element={<Guarded anyOf={['runs:read']}><OverviewPage /></Guarded>} />
        <Route path="/sources" element={<Guarded anyOf={['sources:read', 'runs:read']}><SourcesPage /></Guarded>} />
        <Route path="/sources/:sourceId" element={<Guarded anyOf={['sources:read', 'runs:read']}><SourcePage /></Guarded>} />
        <Route path="/datasets" element={<Guarded anyOf={['datasets:read']}><DatasetsPage /></Guarded>} />
        <Route path="/personal-data" element={<Guarded anyOf={['findings:read', 'pii:read']}><PersonalDataPage /></Guarded>} />
        <Route path="/quality" element={<Guarded anyOf={['quality:read', 'quarantine:read']}><QualityPage /></Guarded>} />
        <Route path="/quality/checks" element={<Guarded anyOf={['quality:read']}><CheckHistoryPage /></Guarded>} />
        <Route path="/contracts" element={<Guarded anyOf={['contracts:read']}><Suspense fallback={<p className="muted">Loading…</p>}><ContractsPage /></Suspense></Guarded>} />
        <Route path="/lineage" element={<Guarded anyOf={['lineage:read']}><LineagePage /></Guarded>} />
        <Route path="/lineage/runs/:runId/provenance" element={<Guarded anyOf={['lineage:read']}><ProvenancePage /></Guarded>} />
        <Route path="*" element={<p>No such page.</p>} />
      </Routes>
    </Shell>
  );
}
