/** @module The signed-in key, the organization the page acts in, and what `/me` says about them. */
import { createContext, useContext } from 'react';
import type { Session } from './api';
import type { Me } from './types';

export interface SessionState {
  session: Session;
  me: Me;
  switchOrganization(organizationId: string): void;
  signOut(): void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) {
    throw new Error('useSession outside a signed-in page');
  }
  return state;
}
