"""Delivery: notebooks run and rendered, the day's outputs, mail, the outbox, the daily job."""
