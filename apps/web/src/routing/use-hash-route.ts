import { useEffect, useState } from 'react';
import { href, parseRoute, type Route } from './routes';

export { href, parseRoute, type Route } from './routes';

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
