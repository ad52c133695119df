package io.vth.e2e.lab;

/** A harness operation failed (a command exited non-zero, timed out, or the lab is misused). */
public class LabException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
