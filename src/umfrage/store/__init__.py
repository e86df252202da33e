"""Django models for surveys, waves, the register, invitations and responses."""
