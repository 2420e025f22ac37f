from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .forms import AdminLoginForm
from .models import User

admin.site.register(User, UserAdmin)
# The admin's sign-in obeys the sign-in lockout and says so (hcvvet/accounts/lockout.py).
admin.site.login_form = AdminLoginForm
