import type { JSX } from 'react';
import type { Section } from './route.ts';

/** Line icons drawn on a 24-unit grid; decorative, so hidden from assistive technology. */
function Icon({ children, size = 18 }: { children: JSX.Element | JSX.Element[]; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const DataIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <ellipse cx="12" cy="5.5" rx="7.5" ry="2.8" />
    <path d="M4.5 5.5v6.5c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8V5.5" />
    <path d="M4.5 12v6.5c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8V12" />
  </Icon>
);

export const MonitorIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <path d="M3 12h4l2.5-6 5 12 2.5-6h4" />
  </Icon>
);

export const PipelineIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <rect x="2.5" y="9" width="5" height="6" rx="1.2" />
    <rect x="16.5" y="3.5" width="5" height="6" rx="1.2" />
    <rect x="16.5" y="14.5" width="5" height="6" rx="1.2" />
    <path d="M7.5 12h4.5m0 0V6.5h4.5M12 12v5.5h4.5" />
  </Icon>
);

export const ModelsIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <path d="M12 2.8 20 7.3v9.4l-8 4.5-8-4.5V7.3z" />
    <path d="M4 7.3l8 4.5 8-4.5M12 11.8v9.4" />
  </Icon>
);

export const HistoryIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M12 7.5V12l3 2" />
  </Icon>
);

export const StorageIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <rect x="3.5" y="4" width="17" height="6.5" rx="1.5" />
    <rect x="3.5" y="13.5" width="17" height="6.5" rx="1.5" />
    <path d="M7 7.25h.01M7 16.75h.01M11 7.25h6M11 16.75h6" />
  </Icon>
);

export const UploadIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <path d="M12 15.5V4m0 0L7.5 8.5M12 4l4.5 4.5" />
    <path d="M4 15v3.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V15" />
  </Icon>
);

export const LockIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <rect x="5" y="10.5" width="14" height="10" rx="2" />
    <path d="M8.5 10.5V7.5a3.5 3.5 0 0 1 7 0v3" />
  </Icon>
);

export const sectionIcons: Record<Section, (props: { size?: number }) => JSX.Element> = {
  data: DataIcon,
  monitor: MonitorIcon,
  pipeline: PipelineIcon,
  models: ModelsIcon,
  history: HistoryIcon,
  storage: StorageIcon,
};
