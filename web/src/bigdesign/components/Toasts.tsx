/**
 * Where toasts show: at the bottom right of the frame, above a form's sticky button bar, never over
 * the page's title and tab bar at the top (BigDesign puts them at the top right, where the tabs are).
 */
import { AlertsManager } from '@bigcommerce/big-design';
import { useLayoutEffect, type RefObject } from 'react';
import styled from 'styled-components';
import { alertsManager } from '../alerts';

/** The height a page keeps clear at the bottom (its sticky button bar); toasts sit above it. */
const CLEARANCE = '--backorder-toast-clearance';

const Area = styled.div`
  & > [role='alert'] {
    top: auto;
    bottom: calc(var(${CLEARANCE}, 0px) + 1rem);
  }
`;

export function Toasts() {
  return (
    <Area>
      <AlertsManager manager={alertsManager} />
    </Area>
  );
}

/** Keeps toasts above `ref`'s element (a sticky bar at the bottom) while it is on the page. */
export function useToastClearance(ref: RefObject<HTMLElement | null>) {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement;
    const measure = () => root.style.setProperty(CLEARANCE, `${el.offsetHeight}px`);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty(CLEARANCE);
    };
  }, [ref]);
}
