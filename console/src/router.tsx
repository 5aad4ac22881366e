// Routes, each page a chunk of its own (React.lazy): the first screen loads only the shell and sign-in.
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Spin } from 'antd';
import { useAuth } from './auth';
import { Shell } from './components/Shell';
import SignInPage from './pages/SignInPage';

const TodoPage = lazy(() => import('./pages/TodoPage'));
const CaseListPage = lazy(() => import('./pages/CaseListPage'));
const CasePage = lazy(() => import('./pages/CasePage'));
const NewCasePage = lazy(() => import('./pages/NewCasePage'));
const PetitionPage = lazy(() => import('./pages/PetitionPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));
const DeadlineCalculatorPage = lazy(() => import('./pages/DeadlineCalculatorPage'));
const CalendarPage = lazy(() => import('./pages/CalendarPage'));
const JobPage = lazy(() => import('./pages/JobPage'));
const JobsPage = lazy(() => import('./pages/JobsPage'));
const TipsPage = lazy(() => import('./pages/TipsPage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const PublicTipPage = lazy(() => import('./pages/PublicTipPage'));
const PublicTipStatusPage = lazy(() =>
  import('./pages/PublicTipPage').then((m) => ({ default: m.PublicTipStatusPage })),
);

const Loading = () => (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin tip="加载中…">
      <span />
    </Spin>
  </div>
);

function RequireAuth({ children }: { children: ReactNode }) {
  const { token, loading } = useAuth();
  const location = useLocation();
  if (!token) return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  if (loading) return <Loading />;
  return <Shell>{children}</Shell>;
}

const page = (el: ReactNode) => (
  <RequireAuth>
    <Suspense fallback={<Loading />}>{el}</Suspense>
  </RequireAuth>
);

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/signin" element={<SignInPage />} />
        {/* 举报: public, no sign-in. */}
        <Route path="/report" element={<Suspense fallback={<Loading />}>{<PublicTipPage />}</Suspense>} />
        <Route
          path="/report/status"
          element={<Suspense fallback={<Loading />}>{<PublicTipStatusPage />}</Suspense>}
        />
        <Route path="/" element={page(<TodoPage />)} />
        <Route path="/cases" element={page(<CaseListPage />)} />
        <Route path="/cases/new" element={page(<NewCasePage />)} />
        <Route path="/cases/:id" element={page(<CasePage />)} />
        <Route path="/petitions" element={page(<PetitionPage />)} />
        <Route path="/coordination" element={page(<DashboardPage />)} />
        <Route path="/deadline-calculator" element={page(<DeadlineCalculatorPage />)} />
        <Route path="/calendar" element={page(<CalendarPage />)} />
        <Route path="/jobs" element={page(<JobsPage />)} />
        <Route path="/jobs/:id" element={page(<JobPage />)} />
        <Route path="/tips" element={page(<TipsPage />)} />
        <Route path="/admin/users" element={page(<UsersPage />)} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </BrowserRouter>
  );
}
