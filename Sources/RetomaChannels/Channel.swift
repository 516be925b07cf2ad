// WhatsApp channels live here.
