export function VisuallyHidden({ children }: { children: React.ReactNode }) {
  return <span className="sw-vh">{children}</span>;
}
