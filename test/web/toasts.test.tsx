import { act, screen } from '@testing-library/react';
import { fireEvent } from '@testing-library/react';
import { LASTING_TOAST_MS, toast } from '../../web/src/bigdesign/alerts';
import { renderWithProviders } from './render';

describe('toasts', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('closes an error by itself once it could be read, and the next toast shows', () => {
    renderWithProviders(<div />);
    act(() => toast.error(new Error('The threshold is used up: raise it first.'), 'Could not switch'));
    expect(screen.getByRole('alert')).toHaveTextContent('The threshold is used up: raise it first.');
    act(() => toast.success('Template saved.'));
    // An error comes first while it is open (BigDesign shows one toast at a time)…
    expect(screen.getByRole('alert')).toHaveTextContent('Could not switch');
    act(() => jest.advanceTimersByTime(LASTING_TOAST_MS - 1000));
    expect(screen.getByRole('alert')).toHaveTextContent('Could not switch');
    act(() => jest.advanceTimersByTime(1000));
    // …then closes by itself, and the success waiting behind it shows.
    expect(screen.getByRole('alert')).toHaveTextContent('Template saved.');
    act(() => jest.advanceTimersByTime(5000));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('closes a warning by itself, and any toast by its close button', () => {
    renderWithProviders(<div />);
    act(() => toast.warning('1 product kept its values.', 'Re-applied to 2 products'));
    act(() => jest.advanceTimersByTime(LASTING_TOAST_MS));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    act(() => toast.error(new Error('Boom'), 'Could not save'));
    fireEvent.click(screen.getByRole('alert').querySelector('button')!);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
