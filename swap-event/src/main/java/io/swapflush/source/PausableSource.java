package io.swapflush.source;

/** The pause flag every source keeps; a source that must act when resumed overrides {@link #resumed()}. */
public abstract class PausableSource implements TransactionSource {

  private boolean paused;

  @Override
  public final void pause() {
    paused = true;
  }

  @Override
  public final void resume() {
    paused = false;
    resumed();
  }

  protected boolean paused() {
    return paused;
  }

  protected void resumed() {
  }
}
