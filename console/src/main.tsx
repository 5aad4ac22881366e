import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import './lib/format';
import { AuthProvider } from './auth';
import { AppRouter } from './router';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      // A 4xx will not get better by asking again.
      retry: (n, e) => n < 2 && !(e instanceof Error && 'status' in e && Number(e.status) < 500),
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Colours darkened from antd's defaults so text passes WCAG AA (4.5:1): white on the primary colour,
        and secondary texts (help lines, descriptions) that antd draws at 45 % black (≈ 2.8:1). */}
    <ConfigProvider
      locale={zhCN}
      theme={{
        token: {
          colorPrimary: '#0958d9',
          colorLink: '#0958d9',
          colorTextDescription: '#595959',
          colorTextTertiary: '#595959',
          colorTextSecondary: '#434343',
          // Days outside the shown month, read-only values: still text someone reads.
          colorTextDisabled: '#6b6b6b',
          // Placeholders of the filters' drop-downs (全部) are read as the filter's current value.
          colorTextPlaceholder: '#6b6b6b',
        },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <AppRouter />
          </AuthProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
